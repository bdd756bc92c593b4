"""The ``editors`` group, and the curators' permissions on the moderation queues and the
verification queue: both as listed in ``directory.curation.roles``."""

from django.db import migrations

from directory.curation.roles import EDITORS, sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


def remove_editors(apps, schema_editor):
    # The curators' permissions on the models of 0009 go with those models' content types.
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(sync, remove_editors),
    ]
