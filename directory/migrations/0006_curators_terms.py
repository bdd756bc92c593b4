"""Curators keep the glossary: the ``curators`` group gains the permissions on ``Term`` listed in
``directory.curation.roles``."""

from django.db import migrations

from directory.curation.roles import CURATORS, sync_roles


def grant(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    term_permissions = Permission.objects.using(alias).filter(
        content_type__app_label="directory", content_type__model="term"
    )
    for group in Group.objects.using(alias).filter(name=CURATORS):
        group.permissions.remove(*term_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_commune_name_trgm"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
