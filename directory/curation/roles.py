"""Staff roles: which permissions each group holds.

- ``curators``, the editorial team: create and edit entries and their places, publish and
  archive them, moderate the public's proposals and error reports, verify entries, keep the
  sources and the glossary, and see the task queue's jobs (an e-mail that could not be sent,
  which they may queue again). They see categories and territories but do not change them,
  and never see user accounts.
- ``editors``: everything curators do, plus the categories, the territories, deleting sources
  and terms, and the staff's user accounts (never the superuser flag, see
  ``directory.admin.users``), including lifting a login lockout.

Migrations apply them (``0002_curators_group``, ``0006_curators_terms``, ``0010_roles``,
``0019_curators_see_jobs``, ``0021_provenance_and_imports``, ``0024_relations``);
``manage.py sync_roles`` applies them again (after a database flush, or when this table changes).
"""

from django.contrib.auth.management import create_permissions

CURATORS = "curators"
EDITORS = "editors"

_CURATOR_GRANTS: dict[str, tuple[str, ...]] = {
    "directory.initiative": ("add", "change", "view"),
    "directory.location": ("add", "change", "view"),
    # Relations between entries, edited on an entry's page: a wrong one is removed.
    "directory.relation": ("add", "change", "delete", "view"),
    "directory.source": ("add", "change", "view"),
    "directory.term": ("add", "change", "view"),
    "directory.category": ("view",),
    "directory.departement": ("view",),
    "directory.commune": ("view",),
    # Moderation: publish, reject or ask for changes; close error reports.
    "directory.proposal": ("change", "view"),
    "directory.errorreport": ("change", "view"),
    # The verification queue (a proxy of initiatives): "still accurate".
    "directory.initiativetoverify": ("change", "view"),
    # The task queue (procrastinate's admin): a failed e-mail, its attempts and errors, and
    # the « Retry Job » action that queues it again once the cause is fixed.
    "procrastinate.procrastinatejob": ("view",),
    # The imports of data·inclusion and GoGoCarto files: what each did, and when.
    "directory.importbatch": ("view",),
}

_EDITOR_GRANTS: dict[str, tuple[str, ...]] = {
    **_CURATOR_GRANTS,
    "directory.category": ("add", "change", "delete", "view"),
    "directory.source": ("add", "change", "delete", "view"),
    "directory.term": ("add", "change", "delete", "view"),
    "directory.departement": ("change", "view"),
    "directory.commune": ("change", "view"),
    "auth.user": ("add", "change", "view"),
    "auth.group": ("view",),
    # django-axes: see failed logins, and delete them to lift a lockout.
    "axes.accessattempt": ("delete", "view"),
}

# Role → {"app_label.model": actions}.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    CURATORS: _CURATOR_GRANTS,
    EDITORS: _EDITOR_GRANTS,
}


def _model_exists(apps, label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


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
    for role, grants in ROLE_PERMISSIONS.items():
        # A migration sees the models of its time: grant only those (a later migration, such
        # as 0006 for the glossary's terms, syncs the roles again once its models exist).
        wanted = {
            (label.split(".")[0], f"{action}_{label.split('.')[1]}")
            for label, actions in grants.items()
            if _model_exists(apps, label)
            for action in actions
        }
        candidates = Permission.objects.using(using).filter(
            content_type__app_label__in={app_label for app_label, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
        permissions = [
            permission
            for permission in candidates.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        missing = wanted - found
        if missing:
            raise RuntimeError(f"Missing permissions for the {role} group: {sorted(missing)}")
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(permissions)
