"""Make sure the local PostgreSQL database used by default is there (development helper).

Run from the project root, before the virtualenv exists (standard library only)::

    python3 -m innovation_site.localdb ensure [--database NAME]
    python3 -m innovation_site.localdb url [--database NAME]

``ensure`` does nothing when DATABASE_URL is set. Otherwise it makes sure a local server
accepts connections on its Unix socket (starting a stopped Debian cluster, or installing the
``postgresql`` package with apt-get when allowed to), that a role named like the current
user exists (LOGIN SUPERUSER, so that the test runner can create its database and the
unaccent and pg_trgm extensions), and that the database exists. It never drops or alters a
database. Run again, it only checks, in a fraction of a second.

``url`` prints the DATABASE_URL the project would use.

The modules: ``names`` (SQL quoting, the database URL), ``messages`` (LocalDBError, progress
lines), ``commands`` (finding and running PostgreSQL's programs as the user, root or postgres),
``install`` (Debian's postgresql package), ``server`` (clusters; starting the server, waiting
for it), ``database`` (the role and the database), ``ensure`` (LocalDB: all the steps
together) and ``cli`` (main()).
"""

from .cli import main
from .commands import (
    CONNECTION_ENV_KEEP,
    DEBIAN_BIN_GLOB,
    DEFAULT_PORT,
    FIELD_SEPARATOR,
    POSTGRES_USER_ENV_DROP,
    WAIT_SECONDS,
    Runner,
)
from .ensure import LocalDB
from .messages import LocalDBError, say
from .names import DEFAULT_DATABASE, default_url, effective_url, quote_ident, quote_literal
from .server import POLL_SECONDS, Cluster, parse_clusters, pick_cluster

__all__ = [
    "CONNECTION_ENV_KEEP",
    "DEBIAN_BIN_GLOB",
    "DEFAULT_DATABASE",
    "DEFAULT_PORT",
    "FIELD_SEPARATOR",
    "POLL_SECONDS",
    "POSTGRES_USER_ENV_DROP",
    "WAIT_SECONDS",
    "Cluster",
    "LocalDB",
    "LocalDBError",
    "Runner",
    "default_url",
    "effective_url",
    "main",
    "parse_clusters",
    "pick_cluster",
    "quote_ident",
    "quote_literal",
    "say",
]
