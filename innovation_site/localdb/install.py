"""Installing Debian's postgresql package with apt-get, when no server is installed."""

import glob
import shlex

from .commands import Commands
from .messages import LocalDBError, say


class DebianPackage(Commands):
    """Detects an installed PostgreSQL server, and installs Debian's package when allowed to."""

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
