"""The SQL functions and triggers from their files.

Applies ``directory/db/sql/*.sql``, the current definitions of what migrations 0004, 0007 and
0008 created (identical today: on an existing database this changes nothing).
"""

from django.db import migrations

from directory.db.functions import SQL_FILES, apply_sql


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0010_roles"),
    ]

    operations = [apply_sql(name) for name in SQL_FILES]
