"""Tests for innovation_site.localdb, with a fake command runner (no database, no server)."""

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from innovation_site import localdb
from innovation_site.localdb import Cluster, LocalDB, LocalDBError

BIN = "/usr/bin"
PROBE_OK = "t\x1ft\x1fdev\x1fUTF8\n"
CLUSTER_DOWN = "15 main 5432 down postgres /var/lib/postgresql/15/main /var/log/pg.log\n"
ROLE_MISSING = 'psql: error: connection ... failed: FATAL:  role "dev" does not exist\n'

Handler = Callable[[list[str]], tuple[int, str, str]]


class FakeRunner:
    """Stands for subprocess.run: answers by program name and records every command."""

    def __init__(self, handlers: dict[str, Handler | Sequence[tuple[int, str, str]]]) -> None:
        self.handlers = {name: self._as_handler(value) for name, value in handlers.items()}
        self.calls: list[list[str]] = []
        self.envs: list[dict[str, str]] = []

    @staticmethod
    def _as_handler(value: Handler | Sequence[tuple[int, str, str]]) -> Handler:
        """A list of answers is served in order, the last one repeating."""
        if callable(value):
            return value
        answers = list(value)

        def serve(command: list[str]) -> tuple[int, str, str]:
            return answers.pop(0) if len(answers) > 1 else answers[0]

        return serve

    def __call__(self, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        self.calls.append(command)
        self.envs.append(dict(kwargs.get("env") or {}))
        program = self.program(command)
        if program not in self.handlers:
            raise AssertionError(f"unexpected command: {command}")
        code, out, err = self.handlers[program](command)
        return subprocess.CompletedProcess(command, code, out, err)

    @staticmethod
    def program(command: list[str]) -> str:
        """The program really run, past sudo/runuser/env wrappers and their options."""
        rest = list(command)
        while rest:
            name = Path(rest[0]).name
            if name in {"sudo", "runuser"}:
                if "--" in rest:
                    rest = rest[rest.index("--") + 1 :]
                else:
                    rest = rest[1:]
                    while rest and rest[0].startswith("-"):
                        rest = rest[1:]
                continue
            if name == "env":
                rest = rest[1:]
                while rest and "=" in rest[0]:
                    rest = rest[1:]
                continue
            return name
        return ""

    def programs(self) -> list[str]:
        """Names of the programs run, in order."""
        return [self.program(command) for command in self.calls]


def make_db(
    runner: FakeRunner,
    *,
    programs: Sequence[str] = ("pg_isready", "psql", "createdb", "createuser"),
    euid: int = 1000,
    environ: dict[str, str] | None = None,
    **kwargs: object,
) -> LocalDB:
    """A LocalDB for user "dev" that only sees the given programs in /usr/bin."""
    available = set(programs)
    return LocalDB(
        environ=environ or {},
        runner=runner,
        which=lambda name: f"{BIN}/{name}" if name in available else None,
        euid=euid,
        user="dev",
        systemd=False,
        postgres_user=True,
        bin_glob="/nonexistent/postgresql/*/bin",
        sleep=lambda seconds: None,
        **kwargs,
    )


# --- Pure helpers ------------------------------------------------------------------------------


def test_quote_ident_doubles_quotes() -> None:
    assert localdb.quote_ident("innovation_idf") == '"innovation_idf"'
    assert localdb.quote_ident('we"ird') == '"we""ird"'
    with pytest.raises(ValueError):
        localdb.quote_ident("a\x00b")


def test_quote_literal_doubles_quotes_and_escapes_backslashes() -> None:
    assert localdb.quote_literal("dev") == "'dev'"
    assert localdb.quote_literal("o'brien") == "'o''brien'"
    assert localdb.quote_literal("a\\b'c") == "E'a\\\\b''c'"
    with pytest.raises(ValueError):
        localdb.quote_literal("a\x00b")


def test_default_and_effective_url() -> None:
    assert localdb.default_url() == "postgres:///innovation_idf"
    assert localdb.default_url("a b/c") == "postgres:///a%20b%2Fc"
    assert localdb.effective_url("x", {}) == "postgres:///x"
    assert localdb.effective_url("x", {"DATABASE_URL": "postgres://h/db"}) == "postgres://h/db"


def test_url_command_prints_the_url(monkeypatch, capsys) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert localdb.main(["url"]) == 0
    assert capsys.readouterr().out == "postgres:///innovation_idf\n"
    assert localdb.main(["url", "--database", "scratch"]) == 0
    assert capsys.readouterr().out == "postgres:///scratch\n"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/prod")
    assert localdb.main(["url", "--database", "scratch"]) == 0
    assert capsys.readouterr().out == "postgres://u@db.example/prod\n"


def test_parse_and_pick_clusters() -> None:
    text = (
        "Ver Cluster Port Status Owner Data directory Log file\n"
        "14 old 5433 down postgres /var/lib/postgresql/14/old /var/log/a.log\n"
        "15 main 5432 online,recovery postgres /var/lib/postgresql/15/main /var/log/b.log\n"
    )
    clusters = localdb.parse_clusters(text)
    assert clusters == [
        Cluster("14", "old", "5433", "down", "postgres"),
        Cluster("15", "main", "5432", "online,recovery", "postgres"),
    ]
    assert not clusters[0].online and clusters[1].online
    assert localdb.pick_cluster(clusters) == clusters[1]
    assert localdb.pick_cluster(clusters, "5499") == clusters[0]
    assert localdb.pick_cluster([]) is None


# --- DATABASE_URL set: nothing is touched ------------------------------------------------------


def test_database_url_set_runs_nothing(capsys) -> None:
    runner = FakeRunner({})
    make_db(runner, environ={"DATABASE_URL": "postgres://u@h/db"}).ensure()
    assert runner.calls == []
    assert (
        capsys.readouterr().out == "localdb: DATABASE_URL is set: using it, nothing to prepare.\n"
    )


def test_main_with_database_url_never_calls_subprocess(monkeypatch, capsys) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("no command may run when DATABASE_URL is set")

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    monkeypatch.setattr(subprocess, "run", forbidden)
    monkeypatch.setattr(localdb.commands.shutil, "which", forbidden)
    assert localdb.main(["ensure"]) == 0
    assert "DATABASE_URL is set" in capsys.readouterr().out


# --- Server, role and database -----------------------------------------------------------------


def test_everything_ready_is_one_check_and_one_line(capsys) -> None:
    runner = FakeRunner({"pg_isready": [(0, "", "")], "psql": [(0, PROBE_OK, "")]})
    make_db(runner).ensure()
    assert runner.programs() == ["pg_isready", "psql"]
    # Client messages in English, so that they can be recognised.
    assert runner.envs[1]["LC_ALL"] == "C"
    assert capsys.readouterr().out.count("\n") == 1


def test_stopped_cluster_is_started_without_systemctl(capsys) -> None:
    runner = FakeRunner(
        {
            "pg_isready": [(2, "", ""), (0, "", "")],
            "pg_lsclusters": [(0, CLUSTER_DOWN, "")],
            "pg_ctlcluster": [(0, "", "")],
            "psql": [(0, PROBE_OK, "")],
        }
    )
    db = make_db(runner, programs=["pg_isready", "psql", "pg_lsclusters", "pg_ctlcluster"], euid=0)
    db.ensure()
    start = runner.calls[runner.programs().index("pg_ctlcluster")]
    assert start == [f"{BIN}/pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"]
    assert "starting PostgreSQL cluster 15/main" in capsys.readouterr().out


def test_stopped_cluster_as_plain_user_without_sudo_prints_the_command() -> None:
    runner = FakeRunner({"pg_isready": [(2, "", "")], "pg_lsclusters": [(0, CLUSTER_DOWN, "")]})
    db = make_db(runner, programs=["pg_isready", "psql", "pg_lsclusters", "pg_ctlcluster"])
    with pytest.raises(LocalDBError, match="sudo pg_ctlcluster 15 main start"):
        db.ensure()
    assert "pg_ctlcluster" not in runner.programs()


def test_not_installed_without_root_or_sudo_prints_apt_command() -> None:
    runner = FakeRunner({})
    db = make_db(runner, programs=["apt-get"])
    with pytest.raises(LocalDBError, match=r"sudo apt-get install -y postgresql"):
        db.ensure()
    assert runner.calls == []


def test_main_reports_errors_with_status_1(monkeypatch, capsys) -> None:
    def failing_ensure(self: LocalDB) -> None:
        raise LocalDBError("PostgreSQL is not installed")

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(LocalDB, "ensure", failing_ensure)
    assert localdb.main(["ensure"]) == 1
    assert "localdb: error: PostgreSQL is not installed" in capsys.readouterr().err


def test_not_installed_as_root_installs_with_apt_then_starts() -> None:
    installed = {"done": False}

    def apt_get(command: list[str]) -> tuple[int, str, str]:
        if "install" in command:
            installed["done"] = True
        return 0, "", ""

    def lsclusters(command: list[str]) -> tuple[int, str, str]:
        return 0, CLUSTER_DOWN if installed["done"] else "", ""

    runner = FakeRunner(
        {
            "pg_isready": [(2, "", ""), (0, "", "")],
            "pg_lsclusters": lsclusters,
            "apt-get": apt_get,
            "pg_ctlcluster": [(0, "", "")],
            "psql": [(0, PROBE_OK, "")],
        }
    )
    programs = ["pg_isready", "psql", "pg_lsclusters", "pg_ctlcluster", "apt-get"]
    make_db(runner, programs=programs, euid=0).ensure()
    apt_calls = [c for c in runner.calls if FakeRunner.program(c) == "apt-get"]
    assert apt_calls == [
        ["env", "DEBIAN_FRONTEND=noninteractive", f"{BIN}/apt-get", "update"],
        ["env", "DEBIAN_FRONTEND=noninteractive", f"{BIN}/apt-get", "install", "-y", "postgresql"],
    ]
    assert "pg_ctlcluster" in runner.programs()


def test_install_through_passwordless_sudo() -> None:
    runner = FakeRunner({"true": [(0, "", "")], "apt-get": [(0, "", "")]})
    make_db(runner, programs=["apt-get", "sudo"]).install_postgresql()
    assert runner.calls[0] == [f"{BIN}/sudo", "-n", "true"]
    assert runner.calls[-1][:3] == [f"{BIN}/sudo", "-n", "env"]
    assert runner.calls[-1][-3:] == ["install", "-y", "postgresql"]


def test_missing_role_is_created_as_postgres_then_database(capsys) -> None:
    probes = [(2, "", ROLE_MISSING), (0, "t\x1ft\x1f\x1fUTF8\n", ""), (0, PROBE_OK, "")]

    def psql(command: list[str]) -> tuple[int, str, str]:
        if "runuser" in command[0]:
            assert "rolname = 'dev'" in command[-1]
            return 0, "", ""  # the role does not exist
        return probes.pop(0)

    runner = FakeRunner(
        {
            "pg_isready": [(0, "", "")],
            "psql": psql,
            "createuser": [(0, "", "")],
            "createdb": [(0, "", "")],
        }
    )
    programs = ["pg_isready", "psql", "createuser", "createdb", "runuser"]
    make_db(runner, programs=programs, euid=0, environ={"PGUSER": "dev"}).ensure()
    createuser = runner.calls[runner.programs().index("createuser")]
    assert createuser[:4] == [f"{BIN}/runuser", "-u", "postgres", "--"]
    assert createuser[-3:] == ["--superuser", "--", "dev"]
    # PGUSER must not leak into commands run as postgres.
    assert "PGUSER" not in runner.envs[runner.programs().index("createuser")]
    createdb = runner.calls[runner.programs().index("createdb")]
    assert createdb == [f"{BIN}/createdb", "--", "innovation_idf"]
    out = capsys.readouterr().out
    assert "creating PostgreSQL role dev" in out and "creating database innovation_idf" in out


def test_existing_role_that_cannot_connect_is_not_recreated() -> None:
    def psql(command: list[str]) -> tuple[int, str, str]:
        if "runuser" in command[0]:
            return 0, "1\n", ""
        return 2, "", "FATAL:  password authentication failed\n"

    runner = FakeRunner({"pg_isready": [(0, "", "")], "psql": psql})
    db = make_db(runner, programs=["pg_isready", "psql", "runuser"], euid=0)
    with pytest.raises(LocalDBError, match="exists but the connection failed"):
        db.ensure()
    assert "createuser" not in runner.programs()


def test_non_utf8_cluster_gets_a_utf8_database() -> None:
    runner = FakeRunner(
        {
            "pg_isready": [(0, "", "")],
            "psql": [(0, "t\x1ft\x1f\x1fSQL_ASCII\n", ""), (0, PROBE_OK, "")],
            "createdb": [(0, "", "")],
        }
    )
    make_db(runner, database="scratch").ensure()
    createdb = runner.calls[runner.programs().index("createdb")]
    assert "--encoding=UTF8" in createdb and "--template=template0" in createdb
    assert createdb[-2:] == ["--", "scratch"]


def test_port_without_cluster_is_explained() -> None:
    runner = FakeRunner({"pg_isready": [(2, "", "")], "pg_lsclusters": [(0, CLUSTER_DOWN, "")]})
    db = make_db(runner, programs=["pg_isready", "pg_lsclusters"], environ={"PGPORT": "5499"})
    with pytest.raises(LocalDBError, match="set PGPORT=5432"):
        db.ensure()


def test_wait_gives_up_after_the_timeout() -> None:
    ticks = iter(range(100))
    runner = FakeRunner({"pg_isready": [(1, "", "")]})
    db = make_db(runner, clock=lambda: float(next(ticks)), wait_seconds=3)
    with pytest.raises(LocalDBError, match="did not accept connections within 3 s"):
        db.wait_ready()
    assert 3 <= len(runner.calls) <= 5


def test_readiness_without_pg_isready_uses_psql() -> None:
    down = 'connection to server on socket "/x" failed: No such file or directory\n'
    runner = FakeRunner({"psql": [(2, "", down), (2, "", ROLE_MISSING), (0, "1\n", "")]})
    db = make_db(runner, programs=["psql"])
    assert [db.readiness(), db.readiness(), db.readiness()] == ["down", "ready", "ready"]
