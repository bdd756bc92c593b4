"""Restart PostgreSQL under load and report what visitors and proposers got.

    python manage.py faults [--database-url URL --restart-command CMD] [--port 8766]
                            [--workers 2] [--before 5] [--after 20]

Without ``--database-url`` it uses (and creates on first use) a private PostgreSQL cluster,
``15/faults`` on port 5439, so that no other database of the machine is restarted. The logic is
in ``directory.benchmark.faults``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.benchmark import faults


class Command(BaseCommand):
    help = "Restart PostgreSQL under load: 503s, recovery time, proposals sent and stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database-url", default="", help="a scratch database")
        parser.add_argument("--restart-command", default="", help="restarts its server")
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--readers", type=int, default=4)
        parser.add_argument("--proposers", type=int, default=2)
        parser.add_argument("--before", type=float, default=5, help="seconds of load first")
        parser.add_argument("--after", type=float, default=20, help="seconds after the restart")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["database_url"]) != bool(options["restart_command"]):
            raise CommandError("Give both --database-url and --restart-command, or neither.")

        def say(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        target = (
            faults.Target(options["database_url"], options["restart_command"])
            if options["database_url"]
            else faults.private_cluster(say)
        )
        report = faults.run(
            target,
            port=options["port"],
            workers=options["workers"],
            before=options["before"],
            after=options["after"],
            readers=options["readers"],
            proposers=options["proposers"],
            say=say,
        )
        self.stdout.write(faults.render(report))
