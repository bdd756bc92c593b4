"""The command line: ``python3 -m innovation_site.localdb {ensure,url} [--database NAME]``."""

import argparse
import sys
from collections.abc import Sequence

from .ensure import LocalDB
from .messages import LocalDBError
from .names import DEFAULT_DATABASE, effective_url


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python3 -m innovation_site.localdb",
        description="Prepare the local PostgreSQL database used when DATABASE_URL is unset.",
    )
    parser.add_argument("command", nargs="?", choices=["ensure", "url"], default="ensure")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="database name")
    args = parser.parse_args(argv)
    if args.command == "url":
        print(effective_url(args.database))
        return 0
    try:
        LocalDB(args.database).ensure()
    except LocalDBError as error:
        print(f"localdb: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
