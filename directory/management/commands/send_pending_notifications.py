from django.core.management.base import BaseCommand, CommandError

from directory.curation.notifications import send_pending


class Command(BaseCommand):
    help = (
        "Send again the curators' notifications of proposals and error reports that could not "
        "be sent when they arrived (run it every few minutes, e.g. from cron). Exits with an "
        "error while some still cannot be sent."
    )

    def handle(self, *args, **options) -> None:
        sent, dropped, failed = send_pending()
        self.stdout.write(
            f"Notifications aux curateurs : {sent} envoyée(s), {dropped} abandonnée(s) "
            f"(contribution déjà traitée), {failed} toujours en échec."
        )
        if failed:
            raise CommandError(
                f"{failed} notification(s) n'ont pas pu être envoyées : elles restent en "
                "attente (voir le journal pour l'erreur)."
            )
