"""``python3 -m innovation_site.localdb``: run the command line (see the package docstring)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
