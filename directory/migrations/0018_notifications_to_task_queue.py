"""The curators' notifications kept for ``send_pending_notifications`` become jobs of the task
queue, which now sends every e-mail and tries it again itself; the table that kept them goes.

Each kept notification becomes the job its message now is (``tell_curators_of_proposal`` or
``tell_curators_of_report``, with the contribution's id), due at once: the worker sends it, or
drops it if a curator handled the contribution meanwhile, as the command did. The
acknowledgements were never kept: nothing else waits. Undone, the table comes back empty and
the jobs stay in the queue.
"""

from django.db import migrations

# As procrastinate's own `defer` writes them (its function of migration 0037); the task names
# are those of directory/curation/notifications.py.
DEFER = """
SELECT procrastinate_defer_jobs_v1(ARRAY(
    SELECT ROW(
        'mail',
        CASE WHEN proposal_id IS NOT NULL
            THEN 'tell_curators_of_proposal' ELSE 'tell_curators_of_report' END,
        0,
        NULL,
        NULL,
        CASE WHEN proposal_id IS NOT NULL
            THEN jsonb_build_object('proposal_id', proposal_id)
            ELSE jsonb_build_object('report_id', report_id) END,
        NULL
    )::procrastinate_job_to_defer_v1
    FROM directory_pendingnotification
    ORDER BY created_at, id
))
"""


def pending_to_jobs(apps, schema_editor):
    PendingNotification = apps.get_model("directory", "PendingNotification")
    # A new database has none (and needs no queue function).
    if PendingNotification.objects.using(schema_editor.connection.alias).exists():
        schema_editor.execute(DEFER)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0017_term_related'),
        ('procrastinate', '0037_pre_batch_defer_jobs'),
    ]

    operations = [
        migrations.RunPython(pending_to_jobs, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='PendingNotification',
        ),
    ]
