"""Show the site scaled out on one machine: two app servers behind haproxy, one PostgreSQL
primary, its streaming replica and one Redis; an edit made through one server shows at once
through the other.

    python manage.py scale_out_demo [--primary-port 5441] [--replica-port 5442]
                                    [--redis-url redis://127.0.0.1:6379/14] [--keep]

As root (it creates its own PostgreSQL clusters with Debian's tools and installs haproxy if
missing); the database of ``DATABASE_URL`` is not used. The logic is in ``directory.ops``.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.ops.clusters import ClusterError
from directory.ops.demo import Demo, Options


class Command(BaseCommand):
    help = (
        "Two app servers behind haproxy, a PostgreSQL primary and its replica, Redis: an edit "
        "through one server shows at once through the other."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = Options()
        parser.add_argument("--primary-port", type=int, default=defaults.primary_port)
        parser.add_argument("--replica-port", type=int, default=defaults.replica_port)
        parser.add_argument("--redis-url", default=defaults.redis_url)
        parser.add_argument("--front-port", type=int, default=defaults.front_port)
        parser.add_argument(
            "--server-ports", default=",".join(map(str, defaults.server_ports)), help="two ports"
        )
        parser.add_argument("--workers", type=int, default=defaults.workers)
        parser.add_argument("--keep", action="store_true", help="keep the clusters at the end")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.geteuid() != 0:
            raise CommandError("Run it as root: it creates PostgreSQL clusters of its own.")
        first, second = (int(port) for port in options["server_ports"].split(","))
        demo = Demo(
            Options(
                primary_port=options["primary_port"],
                replica_port=options["replica_port"],
                redis_url=options["redis_url"],
                front_port=options["front_port"],
                server_ports=(first, second),
                workers=options["workers"],
                keep=options["keep"],
            ),
            say=self.stdout.write,
        )
        try:
            report = demo.run()
        except ClusterError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("\nReport:\n" + "\n".join(f"  {line}" for line in report))
