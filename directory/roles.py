"""Staff roles: which permissions each group holds.

The migration ``0002_curators_group`` applies them; ``manage.py sync_roles`` applies them again
(after a database flush, or when this table changes).
"""

from django.contrib.auth.management import create_permissions

CURATORS = "curators"

# The editorial team edits, publishes and archives entries, adds sources and keeps the glossary;
# categories and territories stay with the editors.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    CURATORS: {
        "initiative": ("add", "change", "view"),
        "location": ("add", "change", "view"),
        "source": ("add", "change", "view"),
        "term": ("add", "change", "view"),
        "category": ("view",),
        "departement": ("view",),
        "commune": ("view",),
    },
}


def sync_roles(apps, using: str = "default") -> None:
    """Create each role's group with exactly its permissions; ``apps`` may be historical."""
    # On a fresh database permissions only appear at post_migrate, after every migration:
    # create them now so that the groups can hold them.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # A migration sees the models of its time: grant only those (a later migration, such as
    # 0006 for the glossary's terms, syncs the roles again once its model exists).
    existing = {model._meta.model_name for model in apps.get_app_config("directory").get_models()}
    for role, grants in ROLE_PERMISSIONS.items():
        codenames = [
            f"{action}_{model}"
            for model, actions in grants.items()
            if model in existing
            for action in actions
        ]
        permissions = list(
            Permission.objects.using(using).filter(
                content_type__app_label="directory", codename__in=codenames
            )
        )
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Missing permissions for the {role} group: {sorted(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(permissions)
