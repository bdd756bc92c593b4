"""The role and the database: connecting as the role, creating them when they are missing."""

import shlex
import subprocess

from .commands import FIELD_SEPARATOR, Commands
from .messages import LocalDBError, say
from .names import quote_ident, quote_literal


def _first_line(text: str) -> str:
    """The first non-empty line of a command's output, for short error messages."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


class RoleAndDatabase(Commands):
    """Makes sure the role can connect and the database exists; never drops or alters one."""

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
