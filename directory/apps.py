from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from .images import connect_signals

        # Renditions of an initiative's image are written when it is saved.
        connect_signals()
