"""The "curators" group, with the permissions listed in ``directory.curation.roles``."""

from django.db import migrations

from directory.curation.roles import ROLE_PERMISSIONS, sync_roles


def create_groups(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=ROLE_PERMISSIONS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, delete_groups),
    ]
