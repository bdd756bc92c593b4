"""Running PostgreSQL's programs: found on PATH or in Debian's folders, as the user, root or
postgres.

Commands is the base of LocalDB: it holds the constructor, through which every interaction with
the system goes, and the helpers the other steps build their commands with.
"""

import glob
import os
import pwd
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .messages import LocalDBError
from .names import DEFAULT_DATABASE

DEFAULT_PORT = "5432"
WAIT_SECONDS = 30.0
# Where Debian and Ubuntu put server binaries (client wrappers are on PATH).
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
# Environment variables not to pass to commands run as the postgres OS user.
POSTGRES_USER_ENV_DROP = ("PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE")
# Environment variables that must reach the server commands even through sudo.
CONNECTION_ENV_KEEP = ("PGHOST", "PGPORT")
FIELD_SEPARATOR = "\x1f"

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


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


class Commands:
    """Finds and runs PostgreSQL's programs, as the current user, as root or as postgres.

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
