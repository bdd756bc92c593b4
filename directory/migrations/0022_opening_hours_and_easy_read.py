"""Opening hours of places (OpenStreetMap syntax, data·inclusion's ``horaires_accueil``) with
their weekly schedule, an entry's easy-to-read summary, and the trigger that bumps the facets'
version when places' hours change (``directory/db/sql/hours.sql``)."""

import directory.hours.parsing
import django.contrib.postgres.fields
import django.contrib.postgres.fields.ranges
from django.db import migrations, models

from directory.db.functions import apply_sql

# Migrating back: the triggers read the columns this migration adds, so they go first.
DROP_HOURS_TRIGGERS = """
DROP TRIGGER IF EXISTS directory_facets_version_places_update ON directory_location;
DROP TRIGGER IF EXISTS directory_facets_version_places_insert ON directory_location;
DROP TRIGGER IF EXISTS directory_facets_version_places_delete ON directory_location;
DROP TRIGGER IF EXISTS directory_facets_version_places_truncate ON directory_location;
DROP FUNCTION IF EXISTS directory_bump_facets_version_places();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0021_provenance_and_imports'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalinitiative',
            name='easy_read',
            field=models.TextField(blank=True, help_text="Facultatif : l'essentiel en FALC (facile à lire et à comprendre) : phrases courtes, mots courants, une idée par ligne. Affiché sur la fiche derrière un bouton.", verbose_name='résumé facile à lire'),
        ),
        migrations.AddField(
            model_name='historicallocation',
            name='opening_hours',
            field=models.CharField(blank=True, help_text='Au format OpenStreetMap, comme data·inclusion (horaires_accueil) : « Mo,Th 18:00-20:00 », « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (PH : jours fériés). Laissez vide si aucune source ne les donne.', max_length=255, validators=[directory.hours.parsing.validate_opening_hours], verbose_name="horaires d'accueil"),
        ),
        migrations.AddField(
            model_name='initiative',
            name='easy_read',
            field=models.TextField(blank=True, help_text="Facultatif : l'essentiel en FALC (facile à lire et à comprendre) : phrases courtes, mots courants, une idée par ligne. Affiché sur la fiche derrière un bouton.", verbose_name='résumé facile à lire'),
        ),
        migrations.AddField(
            model_name='location',
            name='opening_hours',
            field=models.CharField(blank=True, help_text='Au format OpenStreetMap, comme data·inclusion (horaires_accueil) : « Mo,Th 18:00-20:00 », « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (PH : jours fériés). Laissez vide si aucune source ne les donne.', max_length=255, validators=[directory.hours.parsing.validate_opening_hours], verbose_name="horaires d'accueil"),
        ),
        migrations.AddField(
            model_name='location',
            name='schedule',
            field=django.contrib.postgres.fields.ArrayField(base_field=django.contrib.postgres.fields.ranges.IntegerRangeField(), blank=True, editable=False, null=True, size=None, verbose_name="semaine d'ouverture"),
        ),
        apply_sql("hours.sql", reverse_sql=DROP_HOURS_TRIGGERS),
    ]
