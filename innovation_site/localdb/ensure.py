"""LocalDB: the server, role and database steps put together as the ``ensure`` command."""

from .database import RoleAndDatabase
from .messages import say
from .names import default_url
from .server import Server


class LocalDB(Server, RoleAndDatabase):
    """Checks and, when needed, prepares the local PostgreSQL server, role and database.

    Every interaction with the system goes through the constructor's arguments, so that tests
    can replace them with fakes.
    """

    def ensure(self) -> None:
        """Do everything `ensure` promises (see the package docstring)."""
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
