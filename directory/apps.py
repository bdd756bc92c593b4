from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from . import checks

        checks.register()
        # Receivers: renditions of an entry's image are written when it is saved, and the
        # cached thesaurus is forgotten when a term changes.
        from .images.signals import connect_signals
        from .search import thesaurus  # noqa: F401

        connect_signals()
