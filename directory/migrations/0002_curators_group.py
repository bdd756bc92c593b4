"""The "curators" group: the editorial team edits, publishes and archives entries and adds
sources; categories and territories stay with the editors (superusers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "curators"

CURATOR_PERMISSIONS = {
    "initiative": ("add", "change", "view"),
    "location": ("add", "change", "view"),
    "source": ("add", "change", "view"),
    "category": ("view",),
    "departement": ("view",),
    "commune": ("view",),
}


def create_curators_group(apps, schema_editor):
    # On a fresh database permissions only appear at post_migrate, after every migration:
    # create them now so that the group can hold them.
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions
    ]
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="directory", codename__in=codenames
        )
    )
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Missing permissions for the curators group: {sorted(missing)}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def delete_curators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_curators_group, delete_curators_group),
    ]
