"""Curators and editors see the task queue's jobs (an e-mail that could not be sent, in
procrastinate's admin): the permission listed in ``directory.curation.roles``."""

from django.db import migrations

from directory.curation.roles import CURATORS, EDITORS, sync_roles


def grant(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    job_permissions = Permission.objects.using(alias).filter(
        content_type__app_label="procrastinate", content_type__model="procrastinatejob"
    )
    for group in Group.objects.using(alias).filter(name__in=[CURATORS, EDITORS]):
        group.permissions.remove(*job_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0018_notifications_to_task_queue"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
