"""Two app servers behind haproxy, sharing one PostgreSQL primary, its streaming replica and one
Redis: an edit made by a curator through one server shows at once through the other and
through the front.

Everything it makes is its own and goes at the end: the clusters ``scaleprimary`` and
``scalereplica`` (``clusters``), the app servers and haproxy, and its keys in Redis (a prefix of
its own in database 14 by default: nothing else there is read or removed).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings

from ..benchmark.server import Server
from .browser import Answer, Browser
from .clusters import Cluster, create_primary, create_replica, replication_state, transactions
from .front import Front

CURATOR = "demo"
CHANGELIST = "/admin/directory/initiative/"


@dataclass(frozen=True)
class Options:
    version: str = "15"
    primary_port: int = 5441
    replica_port: int = 5442
    redis_url: str = "redis://127.0.0.1:6379/14"
    front_port: int = 8780
    server_ports: tuple[int, int] = (8781, 8782)
    workers: int = 2
    keep: bool = False


def manage(arguments: list[str], database_url: str, **environment: str) -> None:
    """A management command on the demonstration's primary."""
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": database_url, **environment}
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def admin_action(browser: Browser, base_url: str, action: str, pk: str) -> Answer:
    """A bulk action of the initiatives' changelist, as a curator's click sends it."""
    token = browser.request(base_url + CHANGELIST).csrf_token()
    return browser.request(
        base_url + CHANGELIST,
        {
            "csrfmiddlewaretoken": token,
            "action": action,
            "_selected_action": pk,
            "index": "0",
            "select_across": "0",
        },
    )


class Demo:
    def __init__(self, options: Options, say: Callable[[str], None]) -> None:
        self.options = options
        self.say = say
        self.primary = Cluster(options.version, "scaleprimary", options.primary_port)
        self.replica = Cluster(options.version, "scalereplica", options.replica_port)
        self.prefix = f"scaleout-{uuid.uuid4().hex[:8]}"
        self.folder = Path(tempfile.mkdtemp(prefix="scaleout-"))
        self.servers: dict[str, Server] = {}
        self.front: Front | None = None
        self.report: list[str] = []

    def run(self) -> list[str]:
        try:
            self.set_up()
            self.show()
        finally:
            self.tear_down()
        return self.report

    def note(self, line: str) -> None:
        self.say(line)
        self.report.append(line)

    # --- Set-up and tear-down ------------------------------------------------------------------

    def set_up(self) -> None:
        options = self.options
        self.say(f"Primary: cluster {options.version}/scaleprimary on port {options.primary_port}")
        create_primary(self.primary)
        self.say("  migrate, load_seed, a curator account")
        manage(["migrate", "-v0"], self.primary.url)
        manage(["load_seed"], self.primary.url)
        self.password = secrets.token_urlsafe(16)
        manage(
            ["createsuperuser", "--noinput", "--username", CURATOR, "--email", "demo@exemple.fr"],
            self.primary.url,
            DJANGO_SUPERUSER_PASSWORD=self.password,
        )
        self.say(
            f"Replica: pg_basebackup -R into {options.version}/scalereplica "
            f"on port {options.replica_port}"
        )
        create_replica(self.primary, self.replica)
        environment = {
            "DATABASE_URL": self.primary.url,
            "DATABASE_REPLICA_URL": self.replica.url,
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": self.prefix,
            "SITE_URL": f"http://127.0.0.1:{options.front_port}",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Not the 404s it asks for on purpose.
            "LOG_LEVEL": "ERROR",
            # One key for every server: each checks the sessions and signatures of the others.
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
        for name, port in zip("ab", options.server_ports, strict=True):
            self.say(f"App server {name}: gunicorn, {options.workers} workers, port {port}")
            server = Server(port, options.workers, self.folder / "static", environment)
            server.start()
            self.servers[name] = server
        self.say(f"Front: haproxy on port {options.front_port}")
        ports = dict(zip("ab", options.server_ports, strict=True))
        self.front = Front(options.front_port, ports, self.folder)
        self.front.start()

    def tear_down(self) -> None:
        if self.front is not None:
            self.front.stop()
        for server in self.servers.values():
            server.stop()
        client = redis.Redis.from_url(self.options.redis_url)
        removed = sum(client.delete(key) for key in client.scan_iter(f"{self.prefix}:*"))
        self.say(f"Removed {removed} keys of prefix {self.prefix} from Redis")
        if not self.options.keep:
            self.replica.drop()
            self.primary.drop()
            self.say("Dropped the clusters scalereplica and scaleprimary")
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- What it shows ---------------------------------------------------------------------------

    def url(self, where: str, path: str) -> str:
        if where == "front":
            assert self.front is not None
            return self.front.base_url + path
        return self.servers[where].base_url + path

    def show(self) -> None:
        pk, slug, name = self.primary.sql(
            "SELECT id, slug, name FROM directory_initiative WHERE status = 'published' "
            "ORDER BY name LIMIT 1"
        ).split("|")
        detail = f"/initiatives/{slug}/"
        public = Browser()
        self.note(f"Entry: « {name} », {detail}")
        self.note(f"Replication: {replication_state(self.primary)}")

        served = [
            public.request(self.url("front", "/")).headers.get("x-served-by", "?") for _ in range(4)
        ]
        self.note(f"Front, 4 requests of / answered by: {', '.join(served)}")
        replica_before = transactions(self.replica)
        for where in ("a", "b", "front", "front"):
            answer = public.request(self.url(where, detail))
            self.note(f"Before: {detail} through {where}: {answer.status}")

        curator = Browser()
        login = self.url("a", "/admin/login/")
        token = curator.request(login).csrf_token()
        answer = curator.request(
            login,
            {
                "csrfmiddlewaretoken": token,
                "username": CURATOR,
                "password": self.password,
                "next": "/admin/",
            },
        )
        self.note(f"Curator logs in through a: {answer.status} (session cookie set)")
        answer = curator.request(self.url("b", "/admin/"))
        self.note(f"Same session through b: /admin/ answers {answer.status}")

        answer = admin_action(curator, self.url("a", ""), "archive", pk)
        edited = time.perf_counter()
        self.note(f"Curator archives the entry through a: {answer.status}")
        for where in ("b", "front", "front"):
            answer = public.request(self.url(where, detail))
            elapsed = (time.perf_counter() - edited) * 1000
            by = answer.headers.get("x-served-by")
            self.note(
                f"  {detail} through {where}{f' ({by})' if by else ''}: {answer.status}, "
                f"{elapsed:.0f} ms after the edit"
            )

        answer = admin_action(curator, self.url("b", ""), "publish", pk)
        edited = time.perf_counter()
        self.note(f"Curator publishes it again through b: {answer.status}")
        for where in ("a", "front", "front"):
            answer = public.request(self.url(where, detail))
            elapsed = (time.perf_counter() - edited) * 1000
            by = answer.headers.get("x-served-by")
            self.note(
                f"  {detail} through {where}{f' ({by})' if by else ''}: {answer.status}, "
                f"{elapsed:.0f} ms after the edit"
            )
        for path in ("/initiatives/", "/initiatives/?departement=93", "/api/v1/initiatives/"):
            public.request(self.url("front", path))

        # Backends publish their statistics when idle, within 10 s.
        time.sleep(11)
        replica_after = transactions(self.replica)
        self.note(
            f"Replica: {replica_after - replica_before - 2} transactions of the app servers "
            f"during these page views (the pages rendered on cache misses)"
        )
        self.note(f"Replication: {replication_state(self.primary)}")
        client = redis.Redis.from_url(self.options.redis_url)
        keys = list(client.scan_iter(f"{self.prefix}:*"))
        pages = sum(b":directory:page:" in key for key in keys)
        sessions = sum(b"sessions.cached_db" in key for key in keys)
        self.note(f"Redis: {len(keys)} keys ({pages} pages, {sessions} session)")
