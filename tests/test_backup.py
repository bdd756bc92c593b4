"""``manage.py backup`` and ``manage.py restore``: a dump restored into another database holds
the same entries, twice over, and a failed restore changes nothing."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command

from . import factories

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*arguments: str, database: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a fresh process on ``database`` (of the same server)."""
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"postgres:///{database}"}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def empty_database():
    """A new empty database on the test server, dropped afterwards."""
    name = f"test_restore_{secrets.token_hex(4)}"
    with psycopg.connect("dbname=postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect("dbname=postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def names_in(database: str) -> list[str]:
    with psycopg.connect(f"dbname={database}") as connection:
        rows = connection.execute("SELECT name FROM directory_initiative ORDER BY name")
        return [name for (name,) in rows]


def test_a_backup_restores_into_another_database(transactional_db, tmp_path, empty_database):
    factories.InitiativeFactory(name="AMAP des Lilas")
    factories.InitiativeFactory(name="La Pêche")
    dump = tmp_path / "sauvegardes" / "annuaire.dump"

    call_command("backup", str(dump))
    first = manage("restore", str(dump), database=empty_database)
    second = manage("restore", str(dump), database=empty_database)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert f"Sauvegarde restaurée depuis {dump}." in second.stdout
    assert names_in(empty_database) == ["AMAP des Lilas", "La Pêche"]


def test_a_failed_restore_changes_nothing(transactional_db, tmp_path, empty_database):
    factories.InitiativeFactory(name="AMAP des Lilas")
    dump = tmp_path / "annuaire.dump"
    call_command("backup", str(dump))
    assert manage("restore", str(dump), database=empty_database).returncode == 0
    broken = tmp_path / "tronquee.dump"
    broken.write_bytes(dump.read_bytes()[: len(dump.read_bytes()) // 2])

    result = manage("restore", str(broken), database=empty_database)

    assert result.returncode == 1
    assert "pg_restore failed, nothing changed" in result.stderr
    assert names_in(empty_database) == ["AMAP des Lilas"]


def test_backup_never_replaces_a_file(db, tmp_path):
    existing = tmp_path / "annuaire.dump"
    existing.write_bytes(b"an older dump")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"an older dump"


def test_restore_of_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "absente.dump"))
