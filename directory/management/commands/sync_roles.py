from django.apps import apps
from django.core.management.base import BaseCommand

from directory.curation.roles import ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = (
        "Create the staff groups (curators, editors) with exactly the permissions of "
        "directory.curation.roles."
    )

    def handle(self, *args, **options) -> None:
        sync_roles(apps, using=options.get("database") or "default")
        self.stdout.write(f"Groupes à jour : {', '.join(ROLE_PERMISSIONS)}.")
