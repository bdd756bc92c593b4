"""Spreadsheets in the admin: import (previewed, all or nothing) and export, CSV and XLSX. The
rows name the kinds of ``conftest.py``."""
