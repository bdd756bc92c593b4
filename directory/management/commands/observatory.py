"""Mozilla's HTTP Observatory on the site served as in production on this machine.

    python manage.py observatory

Needs ports 80 and 443 free, openssl and the scanner (``make node-modules``); the logic is in
``directory.observatory.run``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from directory.observatory import run


class Command(BaseCommand):
    help = "Grade the site's HTTP headers with Mozilla's HTTP Observatory scanner."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = run.scan()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(run.render(result))
