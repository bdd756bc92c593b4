"""Private PostgreSQL clusters for the scale-out demonstration: a primary and a streaming
replica made from it with ``pg_basebackup -R``, with Debian's ``postgresql-common`` tools
(``pg_createcluster``, ``pg_ctlcluster``, ``pg_dropcluster``), as root.

Only clusters of the names given here are ever created, started or dropped; the machine's own
(``main``) is refused by name. Both listen on 127.0.0.1 only and trust its connections: they
hold a throw-away copy of the seed data and are dropped at the end.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PROTECTED = {"main"}
DATABASE = "annuaire"


class ClusterError(RuntimeError):
    pass


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if completed.returncode != 0:
        raise ClusterError(f"{' '.join(command)} failed: {completed.stderr.strip()}")
    return completed


@dataclass(frozen=True)
class Cluster:
    version: str
    name: str
    port: int

    def __post_init__(self) -> None:
        if self.name in PROTECTED:
            raise ClusterError(f"refusing to touch the cluster {self.version}/{self.name}")

    @property
    def data_directory(self) -> Path:
        return Path("/var/lib/postgresql") / self.version / self.name

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def exists(self) -> bool:
        listed = run(["pg_lsclusters", "--no-header"]).stdout.split("\n")
        return any(line.split()[:2] == [self.version, self.name] for line in listed if line)

    def create(self) -> None:
        run(
            [
                "pg_createcluster",
                self.version,
                self.name,
                "--port",
                str(self.port),
                "--start-conf",
                "manual",
                "--",
                "--auth=trust",
            ]
        )

    def start(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "start"])

    def drop(self) -> None:
        if self.exists():
            run(["pg_dropcluster", self.version, self.name, "--stop"])

    def sql(self, query: str, database: str = DATABASE) -> str:
        """``query``'s rows, one a line, fields separated by ``|``."""
        return run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-XtAc",
                query,
            ]
        ).stdout.strip()


def create_primary(cluster: Cluster) -> None:
    """A new cluster and its empty database ``annuaire``."""
    cluster.drop()
    cluster.create()
    cluster.start()
    cluster.sql(f"CREATE DATABASE {DATABASE}", database="postgres")


def create_replica(primary: Cluster, replica: Cluster) -> None:
    """A standby of ``primary``: a base backup of it with its streaming configuration (``-R``:
    ``standby.signal`` and ``primary_conninfo``), started in hot standby."""
    replica.drop()
    replica.create()
    # Emptied, not removed: pg_basebackup fills it, with its owner and mode kept.
    for entry in replica.data_directory.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            f"/usr/lib/postgresql/{primary.version}/bin/pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data_directory),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ]
    )
    replica.start()
    for _ in range(100):
        if primary.sql("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == "1":
            return
        time.sleep(0.1)
    raise ClusterError("the replica is not streaming")


def replication_state(primary: Cluster) -> str:
    """What the primary says of its standby: its state and how far behind its replay is."""
    return primary.sql(
        "SELECT state || ', replay lag ' || coalesce(replay_lag::text, '0') "
        "|| ', ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) || ' bytes behind' "
        "FROM pg_stat_replication"
    )


def transactions(cluster: Cluster) -> int:
    """Transactions the cluster ran in the database (its own statistics: a standby's count
    those it served)."""
    cluster.sql("SELECT pg_stat_clear_snapshot()")
    return int(
        cluster.sql(
            f"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '{DATABASE}'"
        )
    )
