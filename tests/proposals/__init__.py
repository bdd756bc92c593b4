"""Proposals from the public: the form at /proposer/ and its defences, then their moderation
in the admin. The proposals choose among the kinds of ``conftest.py``."""
