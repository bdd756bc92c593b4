"""Typed relations between entries (``directory.models.relations``), their history, and the
triggers that bump the data and facets' versions when they change
(``directory/db/sql/relations.sql``), and the curators' permissions on them
(``directory.curation.roles``)."""

import django.db.models.deletion
import django.db.models.functions.comparison
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from directory.curation.roles import sync_roles
from directory.db.functions import apply_sql


# facets_version.sql's function before this migration, restored when migrating back.
FACETS_VERSION_0013 = """
CREATE OR REPLACE FUNCTION directory_bump_facets_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT 1 FROM old_rows FULL JOIN new_rows USING (id)
             WHERE (old_rows.status, old_rows.category_ids, old_rows.departement_ids,
                    old_rows.legal_form, old_rows.principles, old_rows.scope)
                   IS DISTINCT FROM
                   (new_rows.status, new_rows.category_ids, new_rows.departement_ids,
                    new_rows.legal_form, new_rows.principles, new_rows.scope)
        ) THEN
            RETURN NULL;
        END IF;
    END IF;
    UPDATE directory_data_version SET facets_version = nextval('directory_facets_version')
     WHERE id = 1;
    RETURN NULL;
END $$;
"""


def grant(apps, schema_editor):
    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0023_join_details"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalRelation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("membre_de", "membre de"),
                            ("accompagne_par", "accompagnée par"),
                            ("accepte", "accepte"),
                            ("partenaire_de", "partenaire de"),
                        ],
                        max_length=20,
                        verbose_name="relation",
                    ),
                ),
                (
                    "cohort_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Seulement pour « accompagnée par » : l'année de la promotion, si une source la donne.",
                        null=True,
                        verbose_name="année de la promotion",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Réservée à l'équipe, non publiée.",
                        max_length=300,
                        verbose_name="précision",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "object",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Le réseau, la structure d'accompagnement, la monnaie locale ou le partenaire.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="directory.initiative",
                        verbose_name="autre initiative",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="La page qui établit cette relation.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="directory.source",
                        verbose_name="source",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="directory.initiative",
                        verbose_name="initiative",
                    ),
                ),
            ],
            options={
                "verbose_name": "version d'une relation",
                "verbose_name_plural": "versions des relations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Relation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("membre_de", "membre de"),
                            ("accompagne_par", "accompagnée par"),
                            ("accepte", "accepte"),
                            ("partenaire_de", "partenaire de"),
                        ],
                        max_length=20,
                        verbose_name="relation",
                    ),
                ),
                (
                    "cohort_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Seulement pour « accompagnée par » : l'année de la promotion, si une source la donne.",
                        null=True,
                        verbose_name="année de la promotion",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="Réservée à l'équipe, non publiée.",
                        max_length=300,
                        verbose_name="précision",
                    ),
                ),
                (
                    "object",
                    models.ForeignKey(
                        help_text="Le réseau, la structure d'accompagnement, la monnaie locale ou le partenaire.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inverse_relations",
                        to="directory.initiative",
                        verbose_name="autre initiative",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        help_text="La page qui établit cette relation.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="relations",
                        to="directory.source",
                        verbose_name="source",
                    ),
                ),
                (
                    "subject",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="directory.initiative",
                        verbose_name="initiative",
                    ),
                ),
            ],
            options={
                "verbose_name": "relation entre initiatives",
                "verbose_name_plural": "relations entre initiatives",
                "ordering": ["kind", "object", "subject"],
                "indexes": [
                    models.Index(
                        fields=["kind", "object", "subject"], name="directory_relation_filter"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                ["membre_de", "accompagne_par", "accepte", "partenaire_de"],
                            )
                        ),
                        name="directory_relation_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("subject", models.F("object")), _negated=True),
                        name="directory_relation_not_itself",
                        violation_error_message="Une initiative ne peut pas être en relation avec elle-même.",
                    ),
                    models.UniqueConstraint(
                        fields=("subject", "kind", "object"),
                        name="directory_relation_once",
                        violation_error_message="Cette relation existe déjà.",
                    ),
                    models.UniqueConstraint(
                        django.db.models.functions.comparison.Least("subject", "object"),
                        django.db.models.functions.comparison.Greatest("subject", "object"),
                        condition=models.Q(("kind", "partenaire_de")),
                        name="directory_relation_partners_once",
                        violation_error_message="Ce partenariat existe déjà, saisi sur la fiche de l'autre initiative.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("cohort_year__isnull", True),
                            models.Q(
                                ("cohort_year__range", (1800, 2100)), ("kind", "accompagne_par")
                            ),
                            _connector="OR",
                        ),
                        name="directory_relation_cohort_year",
                        violation_error_message="L'année de la promotion ne vaut que pour « accompagnée par », entre 1800 et 2100.",
                    ),
                ],
            },
        ),
        apply_sql(
            "relations.sql",
            reverse_sql="DROP FUNCTION IF EXISTS directory_bump_facets_version_for_relations() CASCADE;",
        ),
        # The facets' version now follows names and slugs too (the relation facets' labels).
        apply_sql("facets_version.sql", reverse_sql=FACETS_VERSION_0013),
        migrations.RunPython(grant, migrations.RunPython.noop),
]
