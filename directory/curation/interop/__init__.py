"""Imports from the ecosystem's formats: data·inclusion structures (``datainclusion``) and
GoGoCarto's JSON export (``gogocarto``), the mechanism behind Transiscope.

Each format's reader turns a file into ``ImportRow``s of our fields (``rows``); ``matching``
says what each row would do (create, update, possible duplicate, error) without writing;
``applying`` writes a confirmed plan in one transaction, with each entry's external identifier
(so that importing the file again updates in place) and the provenance of each fact it set.
"""
