"""The local server: Debian's clusters, whether the server answers, starting it, waiting."""

from collections.abc import Sequence
from dataclasses import dataclass

from .commands import DEFAULT_PORT
from .install import DebianPackage
from .messages import LocalDBError, say

POLL_SECONDS = 0.5


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


class Server(DebianPackage):
    """Checks that the local server answers; starts it, or installs then starts it, if not."""

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
