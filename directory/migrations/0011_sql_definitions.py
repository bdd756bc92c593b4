"""The SQL functions and triggers from their files, and the data-version table as a model.

Applies ``directory/db/sql/*.sql``, the current definitions of what migrations 0004, 0007 and
0008 created (identical today: on an existing database this changes nothing). ``DataVersion``
describes the table of migration 0008; it is unmanaged, so its ``CreateModel`` only records it
in the migration state.
"""

from django.db import migrations, models

from directory.db.functions import apply_sql

# The files of that day (places.sql came with 0012).
FILES = ("normalize.sql", "search_document.sql", "data_version.sql")


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0010_roles"),
    ]

    operations = [
        *(apply_sql(name) for name in FILES),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.SmallIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(verbose_name="version")),
                ("changed_at", models.DateTimeField(verbose_name="modifiée le")),
            ],
            options={
                "verbose_name": "version des données publiques",
                "verbose_name_plural": "versions des données publiques",
                "db_table": "directory_data_version",
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
