"""Import a data·inclusion (structures or services) or GoGoCarto file from the command line:
the admin's screen (``directory/admin/interop.py``) without a browser, through the same code.
Without ``--confirm`` it is a dry run: every row's outcome is printed and nothing is written."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.curation.interop import matching
from directory.curation.interop.applying import apply
from directory.curation.interop.rows import UnreadableFile


class Command(BaseCommand):
    help = (
        "Import a data·inclusion file of structures or services (JSON or CSV) or a GoGoCarto "
        "export (JSON); a dry run by default."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("format", choices=[value for value, _ in matching.FORMATS])
        parser.add_argument("path", type=Path)
        parser.add_argument("--publisher", default="", help="who publishes the file")
        parser.add_argument("--user", help="the curator's username, recorded as the importer")
        parser.add_argument(
            "--link",
            type=int,
            action="append",
            default=[],
            help="a possible duplicate's row number whose row updates the entry it looks like",
        )
        parser.add_argument("--confirm", action="store_true", help="write the import")

    def handle(self, *args, **options) -> None:
        path: Path = options["path"]
        try:
            content = path.read_bytes()
            rows = matching.read(options["format"], content, path.name)
        except (OSError, UnreadableFile) as error:
            raise CommandError(str(error)) from None
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        planned = matching.plan(rows, options["format"])
        for each in planned:
            target = f" : {each.target.name}" if each.target else ""
            reason = f" ({each.reason})" if each.reason else ""
            self.stdout.write(
                f"{each.row.number}. {each.row.name or '—'} — "
                f"{each.get_outcome_display()}{target}{reason}"
            )
            for message in each.row.errors + each.row.warnings:
                self.stdout.write(f"   {message}")
        if not options["confirm"]:
            self.stdout.write("Simulation : rien n'a été enregistré (--confirm pour importer).")
            return
        batch = apply(
            planned,
            file_format=options["format"],
            file_name=path.name,
            publisher=options["publisher"],
            user=user,
            linked=set(options["link"]),
        )
        self.stdout.write(
            f"Import terminé : {batch.created_count} créée(s), {batch.updated_count} mise(s) "
            f"à jour, {batch.skipped_count} ignorée(s)."
        )
