from django.conf import settings
from django.core.management.base import BaseCommand

from directory.curation.privacy import purge_personal_data
from directory.curation.submissions import forget_old_keys


class Command(BaseCommand):
    help = (
        "Erase the personal data of proposals and error reports decided more than "
        "PERSONAL_DATA_RETENTION_DAYS ago, and the single-use keys of expired forms (run it "
        "daily, e.g. from cron)."
    )

    def handle(self, *args, **options) -> None:
        proposals, reports = purge_personal_data()
        self.stdout.write(
            f"Données personnelles effacées : {proposals} proposition(s), "
            f"{reports} signalement(s) supprimé(s) "
            f"(décidés il y a plus de {settings.PERSONAL_DATA_RETENTION_DAYS} jours)."
        )
        keys = forget_old_keys()
        self.stdout.write(f"Clés d'envoi de formulaires expirés oubliées : {keys}.")
