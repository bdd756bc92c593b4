"""Logos and photos of initiatives: checks and cleaning (``processing``), the upload field
(``fields``), renditions (``renditions``) and their writing on save (``signals``)."""
