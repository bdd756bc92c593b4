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
"""

import argparse
import glob
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DEFAULT_DATABASE = "innovation_idf"
DEFAULT_PORT = "5432"
WAIT_SECONDS = 30.0
POLL_SECONDS = 0.5
# Where Debian and Ubuntu put server binaries (client wrappers are on PATH).
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
# Environment variables not to pass to commands run as the postgres OS user.
POSTGRES_USER_ENV_DROP = ("PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE")
# Environment variables that must reach the server commands even through sudo.
CONNECTION_ENV_KEEP = ("PGHOST", "PGPORT")
FIELD_SEPARATOR = "\x1f"

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


class LocalDBError(Exception):
    """A problem the user has to solve; the message says how."""


def say(message: str) -> None:
    """Print one progress line."""
    print(f"localdb: {message}", flush=True)


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (role or database name) for PostgreSQL."""
    if "\x00" in name:
        raise ValueError("an SQL identifier cannot contain a NUL character")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Quote an SQL string literal, like PostgreSQL's own quote_literal()."""
    if "\x00" in value:
        raise ValueError("an SQL string cannot contain a NUL character")
    quoted = "'" + value.replace("'", "''") + "'"
    if "\\" in value:
        # An escape string is correct whatever standard_conforming_strings says.
        quoted = "E" + quoted.replace("\\", "\\\\")
    return quoted


def default_url(database: str = DEFAULT_DATABASE) -> str:
    """Return the URL of a database on the local server's Unix socket."""
    return "postgres:///" + quote(database, safe="")


def effective_url(
    database: str = DEFAULT_DATABASE, environ: Mapping[str, str] | None = None
) -> str:
    """Return the DATABASE_URL the project would use: the environment's, else the local one."""
    environ = os.environ if environ is None else environ
    return environ.get("DATABASE_URL") or default_url(database)


@dataclass(frozen=True)
class Cluster:
    """One line of Debian's ``pg_lsclusters``."""

    version: str
    name: str
    port: str
    status: str
    owner: str

    @property
    def online(self) -> bool:
        """Whether pg_lsclusters reports the server as running."""
        return "online" in self.status.split(",")

    @property
    def label(self) -> str:
        """Human-readable name, e.g. "15/main"."""
        return f"{self.version}/{self.name}"


def parse_clusters(text: str) -> list[Cluster]:
    """Parse ``pg_lsclusters --no-header`` output (the header line is skipped if present)."""
    clusters = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 5 or fields[0] == "Ver":
            continue
        clusters.append(Cluster(*fields[:5]))
    return clusters


def pick_cluster(clusters: Sequence[Cluster], port: str = DEFAULT_PORT) -> Cluster | None:
    """Choose the cluster to start: the first on the wanted port, else the first listed."""
    for cluster in clusters:
        if cluster.port == port:
            return cluster
    return clusters[0] if clusters else None


def _version_key(path: str) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>/bin paths, newest version last."""
    version = Path(path).parent.parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _user_name(euid: int, environ: Mapping[str, str]) -> str:
    """The OS user name libpq uses by default (containers may run a uid without a name)."""
    try:
        return pwd.getpwuid(euid).pw_name
    except KeyError:
        return environ.get("USER") or str(euid)


def _first_line(text: str) -> str:
    """The first non-empty line of a command's output, for short error messages."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class LocalDB:
    """Checks and, when needed, prepares the local PostgreSQL server, role and database.

    Every interaction with the system goes through the constructor's arguments, so that tests
    can replace them with fakes.
    """

    def __init__(
        self,
        database: str = DEFAULT_DATABASE,
        *,
        environ: Mapping[str, str] | None = None,
        runner: Runner | None = None,
        which: Callable[[str], str | None] | None = None,
        euid: int | None = None,
        user: str | None = None,
        systemd: bool | None = None,
        postgres_user: bool | None = None,
        bin_glob: str = DEBIAN_BIN_GLOB,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        if not database or "\x00" in database or len(database.encode()) > 63:
            raise LocalDBError(f"invalid database name: {database!r}")
        self.database = database
        self.environ = dict(os.environ if environ is None else environ)
        # Looked up now rather than bound as defaults, so that tests can patch the modules.
        self.runner = runner or subprocess.run
        self.which = which or shutil.which
        self.euid = os.geteuid() if euid is None else euid
        self.user = user if user is not None else _user_name(self.euid, self.environ)
        # Without systemd (containers), pg_ctlcluster must not hand over to systemctl.
        self.systemd = Path("/run/systemd/system").is_dir() if systemd is None else systemd
        if postgres_user is None:
            try:
                pwd.getpwnam("postgres")
                postgres_user = True
            except KeyError:
                postgres_user = False
        # Whether the postgres OS user (the server's superuser on Debian) exists.
        self.postgres_user = postgres_user
        self.bin_glob = bin_glob
        self.sleep = sleep
        self.clock = clock
        self.wait_seconds = wait_seconds
        self._root_prefix: list[str] | None = None
        self._root_prefix_known = False

    # --- Small helpers -----------------------------------------------------------------------

    @property
    def role(self) -> str:
        """The role libpq (and so Django) connects as: PGUSER, else the OS user."""
        return self.environ.get("PGUSER") or self.user

    @property
    def port(self) -> str:
        """The port libpq uses for the local socket."""
        return self.environ.get("PGPORT") or DEFAULT_PORT

    def find(self, name: str) -> str | None:
        """Locate a PostgreSQL program on PATH, else in Debian's newest server bin folder."""
        found = self.which(name)
        if found:
            return found
        candidates = sorted(glob.glob(f"{self.bin_glob}/{name}"), key=_version_key)
        for candidate in reversed(candidates):
            if os.access(candidate, os.X_OK):
                return candidate
        return None

    def require(self, name: str) -> str:
        """Like find(), but a missing program is an error."""
        found = self.find(name)
        if not found:
            raise LocalDBError(
                f"{name} not found; install the PostgreSQL client (postgresql-client)"
            )
        return found

    def pg_env(self) -> dict[str, str]:
        """Environment for client programs: English messages, UTF-8, bounded connect time."""
        env = dict(self.environ)
        env["LC_ALL"] = "C"
        env["PGCLIENTENCODING"] = "UTF8"
        env.setdefault("PGCONNECT_TIMEOUT", "5")
        return env

    def run(
        self,
        command: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        capture: bool = True,
        cwd: str | None = None,
    ) -> "subprocess.CompletedProcess[str]":
        """Run a command without raising; a missing program gives return code 127."""
        try:
            return self.runner(
                list(command),
                env=dict(self.pg_env() if env is None else env),
                capture_output=capture,
                text=True,
                check=False,
                cwd=cwd,
            )
        except OSError as error:
            return subprocess.CompletedProcess(list(command), 127, "", str(error))

    def root_prefix(self) -> list[str] | None:
        """Command prefix to act as root: [] when root, sudo -n when allowed, else None."""
        if not self._root_prefix_known:
            self._root_prefix_known = True
            if self.euid == 0:
                self._root_prefix = []
            else:
                sudo = self.which("sudo")
                if sudo and self.run([sudo, "-n", "true"], env=self.environ).returncode == 0:
                    self._root_prefix = [sudo, "-n"]
        return self._root_prefix

    def postgres_command(self, command: Sequence[str]) -> list[str] | None:
        """Wrap a command to run as the postgres OS user, or None if that is not possible."""
        if not self.postgres_user:
            return None
        # sudo resets the environment: hand the connection settings over explicitly.
        env_args = [
            f"{key}={self.environ[key]}" for key in CONNECTION_ENV_KEEP if key in self.environ
        ]
        env_args += ["LC_ALL=C", "PGCLIENTENCODING=UTF8"]
        wrapped = ["env", *env_args, *command]
        if self.user == "postgres":
            return wrapped
        if self.euid == 0:
            runuser = self.which("runuser")
            if runuser:
                return [runuser, "-u", "postgres", "--", *wrapped]
        prefix = self.root_prefix()
        if prefix:
            return [*prefix, "-u", "postgres", "--", *wrapped]
        return None

    def run_as_postgres(self, command: list[str]) -> "subprocess.CompletedProcess[str]":
        """Run a command built by postgres_command() (from "/", which postgres can read)."""
        env = {k: v for k, v in self.pg_env().items() if k not in POSTGRES_USER_ENV_DROP}
        return self.run(command, env=env, cwd="/")

    def psql_query(self, sql: str) -> "subprocess.CompletedProcess[str]":
        """Run one query as the current role in the "postgres" database, unaligned output."""
        psql = self.require("psql")
        command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-At"]
        return self.run([*command, "-F", FIELD_SEPARATOR, "-c", sql])

    # --- Server ------------------------------------------------------------------------------

    def readiness(self) -> str:
        """Return "ready", "starting" or "down" for the server on the local socket."""
        pg_isready = self.find("pg_isready")
        if pg_isready:
            code = self.run([pg_isready, "-q"]).returncode
            return {0: "ready", 1: "starting"}.get(code, "down")
        psql = self.find("psql")
        if not psql:
            return "down"
        result = self.run([psql, "-X", "-d", "postgres", "-Atc", "select 1"])
        if result.returncode == 0:
            return "ready"
        error = result.stderr
        if "starting up" in error or "shutting down" in error:
            return "starting"
        down_signs = ("Is the server running", "No such file or directory", "Connection refused")
        if any(sign in error for sign in down_signs) or result.returncode == 127:
            return "down"
        # The server answered (e.g. "role does not exist"): it is up.
        return "ready"

    def list_clusters(self) -> list[Cluster]:
        """Debian clusters known to pg_lsclusters (none when postgresql-common is missing)."""
        pg_lsclusters = self.find("pg_lsclusters")
        if not pg_lsclusters:
            return []
        result = self.run([pg_lsclusters, "--no-header"])
        return parse_clusters(result.stdout) if result.returncode == 0 else []

    def server_installed(self) -> bool:
        """Whether a PostgreSQL server binary is present."""
        debian = bool(glob.glob(f"{self.bin_glob}/postgres"))
        return debian or self.which("postgres") is not None

    def install_postgresql(self) -> None:
        """Install Debian's postgresql package with apt-get, as root or through sudo -n."""
        apt_get = self.which("apt-get")
        if not apt_get:
            raise LocalDBError(
                "PostgreSQL is not installed. Install and start a PostgreSQL server, "
                "or set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME"
            )
        prefix = self.root_prefix()
        if prefix is None:
            raise LocalDBError(
                "PostgreSQL is not installed. Run this command, then try again:\n"
                "    sudo apt-get install -y postgresql"
            )
        env_args = ["DEBIAN_FRONTEND=noninteractive"]
        if not self._utf8_locale() and self._c_utf8_available():
            # The package creates the "main" cluster with the current locale: without one,
            # it would be SQL_ASCII. C.UTF-8 gives UTF8 databases (test ones included).
            env_args.append("LC_ALL=C.UTF-8")
        say("PostgreSQL is not installed; installing it with apt-get (this takes a minute)...")
        for command in (
            [*prefix, "env", *env_args, apt_get, "update"],
            [*prefix, "env", *env_args, apt_get, "install", "-y", "postgresql"],
        ):
            say("running: " + shlex.join(command))
            if self.run(command, env=self.environ, capture=False).returncode != 0:
                raise LocalDBError(f"this command failed: {shlex.join(command)}")

    def _utf8_locale(self) -> bool:
        """Whether the current environment selects a UTF-8 character set."""
        for key in ("LC_ALL", "LC_CTYPE", "LANG"):
            value = self.environ.get(key)
            if value:
                return "utf-8" in value.lower() or "utf8" in value.lower()
        return False

    def _c_utf8_available(self) -> bool:
        """Whether the C.UTF-8 locale exists on this system."""
        locale = self.which("locale")
        if not locale:
            return False
        result = self.run([locale, "-a"], env=self.environ)
        names = {line.strip().lower().replace("-", "") for line in result.stdout.splitlines()}
        return "c.utf8" in names

    def start_cluster(self, cluster: Cluster) -> None:
        """Start a stopped Debian cluster with pg_ctlcluster."""
        pg_ctlcluster = self.find("pg_ctlcluster")
        if not pg_ctlcluster:
            raise LocalDBError("pg_ctlcluster not found; reinstall postgresql-common")
        command = [pg_ctlcluster]
        if not self.systemd:
            command.append("--skip-systemctl-redirect")
        command += [cluster.version, cluster.name, "start"]
        # pg_ctlcluster must be run by root or by the cluster's owner.
        prefix = [] if self.user == cluster.owner else self.root_prefix()
        if prefix is None:
            raise LocalDBError(
                f"PostgreSQL cluster {cluster.label} is stopped. Run this command, then try "
                f"again:\n    sudo pg_ctlcluster {cluster.version} {cluster.name} start"
            )
        say(f"starting PostgreSQL cluster {cluster.label} (port {cluster.port})...")
        # The user's own environment, as when starting it by hand (not the C locale).
        result = self.run([*prefix, *command], env=self.environ)
        if result.returncode != 0:
            details = (result.stderr or result.stdout).strip()
            raise LocalDBError(
                f"could not start cluster {cluster.label}: {details}\n"
                f"    see /var/log/postgresql/postgresql-{cluster.version}-{cluster.name}.log"
            )

    def bring_up(self) -> None:
        """Start, or install then start, the local server."""
        clusters = self.list_clusters()
        if not clusters:
            if self.server_installed():
                if self.find("pg_lsclusters"):
                    raise LocalDBError(
                        "PostgreSQL is installed but has no cluster. Create one with:\n"
                        "    sudo pg_createcluster --start <version> main"
                    )
                raise LocalDBError(
                    "PostgreSQL is installed but not running on the local socket: start it, "
                    "or set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME"
                )
            self.install_postgresql()
            clusters = self.list_clusters()
            if not clusters:
                raise LocalDBError("PostgreSQL was installed but pg_lsclusters lists no cluster")
        cluster = pick_cluster(clusters, self.port)
        assert cluster is not None  # clusters is not empty
        if cluster.port != self.port:
            state = "running" if cluster.online else "stopped"
            raise LocalDBError(
                f"no PostgreSQL cluster uses port {self.port}; {cluster.label} uses port "
                f"{cluster.port} ({state}): set PGPORT={cluster.port} (or DATABASE_URL), "
                "and try again"
            )
        if cluster.online:
            # Up but not answering yet (e.g. just started elsewhere): let wait_ready() decide.
            say(f"PostgreSQL cluster {cluster.label} is online; waiting for connections...")
            return
        self.start_cluster(cluster)

    def wait_ready(self) -> None:
        """Wait until the server accepts connections, at most wait_seconds."""
        deadline = self.clock() + self.wait_seconds
        while True:
            if self.readiness() == "ready":
                return
            if self.clock() >= deadline:
                raise LocalDBError(
                    f"PostgreSQL did not accept connections within {self.wait_seconds:.0f} s "
                    "(see pg_lsclusters and /var/log/postgresql/)"
                )
            self.sleep(POLL_SECONDS)

    # --- Role and database -------------------------------------------------------------------

    def probe(self) -> "subprocess.CompletedProcess[str]":
        """Connect as the role; output: superuser, createdb, database owner, template1 encoding.

        The database owner is empty when the database does not exist.
        """
        sql = (
            "select rolsuper, rolcreatedb, "
            "coalesce((select pg_get_userbyid(datdba) from pg_database "
            f"where datname = {quote_literal(self.database)}), ''), "
            "(select pg_encoding_to_char(encoding) from pg_database where datname = 'template1') "
            "from pg_roles where rolname = current_user"
        )
        return self.psql_query(sql)

    def create_role(self, connect_error: str) -> None:
        """Create the missing role as the postgres OS user (fresh Debian: peer authentication)."""
        reason = _first_line(connect_error)
        psql = self.require("psql")
        check_sql = f"select 1 from pg_roles where rolname = {quote_literal(self.role)}"
        check = self.postgres_command([psql, "-X", "-d", "postgres", "-Atc", check_sql])
        if check is None:
            raise LocalDBError(
                f"cannot connect to PostgreSQL as role {self.role!r}: {reason}\n"
                f"    if the role does not exist, create it with: {self.create_role_hint()}"
            )
        result = self.run_as_postgres(check)
        if result.returncode != 0:
            raise LocalDBError(
                f"cannot connect to PostgreSQL as role {self.role!r}: {reason}\n"
                f"    and not as postgres either: {_first_line(result.stderr)}"
            )
        if result.stdout.strip() == "1":
            raise LocalDBError(
                f"role {self.role!r} exists but the connection failed: "
                f"{reason}\n    check pg_hba.conf, or set DATABASE_URL"
            )
        say(f"creating PostgreSQL role {self.role} (LOGIN SUPERUSER)...")
        createuser = self.require("createuser")
        command = self.postgres_command([createuser, "--superuser", "--", self.role])
        assert command is not None  # the same wrapping worked just above
        created = self.run_as_postgres(command)
        if created.returncode != 0:
            # Maybe created meanwhile by a concurrent run: the caller probes again.
            say(f"createuser failed: {_first_line(created.stderr)}")

    def create_role_hint(self) -> str:
        """The command a user can run to create the role by hand."""
        return f"sudo -u postgres createuser --superuser {shlex.quote(self.role)}"

    def create_database(self, can_create: bool, template_encoding: str) -> None:
        """Create the database owned by the role, in UTF8 even if template1 is not."""
        createdb = self.require("createdb")
        options = []
        if template_encoding != "UTF8":
            options = ["--template=template0", "--encoding=UTF8", "--locale=C.UTF-8"]
        say(f"creating database {self.database} (owner {self.role})...")
        if can_create:
            result = self.run([createdb, *options, "--", self.database])
        else:
            command = self.postgres_command(
                [createdb, *options, f"--owner={self.role}", "--", self.database]
            )
            if command is None:
                raise LocalDBError(
                    f"role {self.role!r} may not create databases. Run:\n    sudo -u postgres "
                    f"createdb --owner={shlex.quote(self.role)} {shlex.quote(self.database)}"
                )
            result = self.run_as_postgres(command)
        if result.returncode != 0:
            # A concurrent run may have created it: only fail if it is still missing.
            again = self.probe()
            if again.returncode != 0 or not self._fields(again.stdout)[2]:
                raise LocalDBError(
                    f"could not create database {self.database}: {_first_line(result.stderr)}"
                )

    @staticmethod
    def _fields(output: str) -> list[str]:
        """Split the probe's single output row (padded to four fields)."""
        fields = _first_line(output).split(FIELD_SEPARATOR)
        return (fields + ["", "", "", ""])[:4]

    def ensure_role_and_database(self) -> None:
        """Make sure the role can connect and the database exists."""
        result = self.probe()
        if result.returncode != 0:
            self.create_role(result.stderr)
            result = self.probe()
            if result.returncode != 0:
                raise LocalDBError(
                    f"cannot connect to PostgreSQL as role {self.role!r}: "
                    f"{_first_line(result.stderr)}"
                )
        superuser, createdb, owner, encoding = self._fields(result.stdout)
        is_superuser = superuser == "t"
        if not owner:
            self.create_database(is_superuser or createdb == "t", encoding)
            owner = self.role
        if not is_superuser:
            say(
                f"warning: role {self.role} is not a superuser, so the tests may fail to create "
                "their database and extensions; to allow it, run: sudo -u postgres psql -c "
                + shlex.quote(f"ALTER ROLE {quote_ident(self.role)} SUPERUSER")
            )
            if owner != self.role:
                say(f"warning: database {self.database} belongs to {owner}, not {self.role}")

    # --- Entry point -------------------------------------------------------------------------

    def ensure(self) -> None:
        """Do everything `ensure` promises (see the module docstring)."""
        if self.environ.get("DATABASE_URL"):
            say("DATABASE_URL is set: using it, nothing to prepare.")
            return
        state = self.readiness()
        if state != "ready":
            if state == "down":
                self.bring_up()
            self.wait_ready()
        self.ensure_role_and_database()
        say(f"PostgreSQL is up; database {self.database} is ready ({default_url(self.database)}).")


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


if __name__ == "__main__":
    sys.exit(main())
