"""How to join an initiative, typed by kind: the fields a curator fills for each kind (a
category slug) and a visitor filters on, declared once here.

Every entry keeps its values in one JSON object, ``Initiative.join_details``, keyed by the
fields' names (French: the exports and the API show them as they are): a new kind's fields are
a few lines of ``KIND_FIELDS``, never a new table. A field's type gives its form field, which
is also what validates a stored value (``validate_join_details``): the admin form and every
other writer meet the same rules.

Fields shared by kinds (a SEL's and a local currency's unit) are one field, listed under each.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

WEEKDAYS = [
    ("lundi", _("lundi")),
    ("mardi", _("mardi")),
    ("mercredi", _("mercredi")),
    ("jeudi", _("jeudi")),
    ("vendredi", _("vendredi")),
    ("samedi", _("samedi")),
    ("dimanche", _("dimanche")),
]
# The ages a visitor filters on (``age=2``: takes children aged 2, that is from 24 to 35 months).
AGES = [
    ("0", _("moins d'un an")),
    ("1", _("1 an")),
    ("2", _("2 ans")),
    ("3", _("3 ans")),
    ("4", _("4 ans")),
    ("5", _("5 ans")),
]
MAX_AGE_MONTHS = 72

TEXT, DAYS, INTEGER, EUROS, DATE, TIME, YESNO, URL = (
    "text",
    "days",
    "integer",
    "euros",
    "date",
    "time",
    "yesno",
    "url",
)


@dataclass(frozen=True)
class JoinField:
    """A typed field: its name in ``join_details``, its type, its French label, its help for
    curators, its bounds (integers, euros) or length (texts)."""

    name: str
    type: str
    label: Any
    help_text: Any = ""
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 200

    def formfield(self) -> forms.Field:
        """The form field that edits and validates it (never required)."""
        common = {"label": self.label, "help_text": self.help_text, "required": False}
        if self.type == DAYS:
            return forms.MultipleChoiceField(
                choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, **common
            )
        if self.type == INTEGER:
            return forms.IntegerField(min_value=self.min_value, max_value=self.max_value, **common)
        if self.type == EUROS:
            return forms.DecimalField(
                min_value=0,
                max_value=self.max_value,
                max_digits=7,
                decimal_places=2,
                localize=True,  # « 12,50 »
                **common,
            )
        if self.type == DATE:
            return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if self.type == TIME:
            return forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), **common)
        if self.type == YESNO:
            return forms.NullBooleanField(
                widget=forms.Select(
                    choices=[("", _("Non renseigné")), (True, _("Oui")), (False, _("Non"))]
                ),
                **common,
            )
        if self.type == URL:
            return forms.URLField(max_length=self.max_length, assume_scheme="https", **common)
        widget = forms.Textarea(attrs={"rows": 3}) if self.max_length > 200 else None
        return forms.CharField(max_length=self.max_length, widget=widget, **common)

    def to_json(self, value: Any) -> Any:
        """A cleaned form value as stored; None when empty."""
        if value in (None, "", []):
            return None
        if self.type == DAYS:
            return [day for day, _label in WEEKDAYS if day in value]
        if self.type == EUROS:
            value = Decimal(value).normalize()
            return int(value) if value == value.to_integral_value() else float(value)
        if self.type == DATE:
            return value.isoformat()
        if self.type == TIME:
            return value.strftime("%H:%M")
        if self.type == TEXT:
            return value.strip() or None
        return value

    def to_python(self, value: Any) -> Any:
        """A stored value as its form field's initial value."""
        if self.type == DATE and isinstance(value, str):
            return datetime.date.fromisoformat(value)
        if self.type == TIME and isinstance(value, str):
            return datetime.time.fromisoformat(value)
        if self.type == EUROS and isinstance(value, int | float):
            return Decimal(str(value))
        return value

    def display(self, value: Any) -> str:
        """A stored value as the public pages write it."""
        value = self.to_python(value)
        if self.type == DAYS:
            labels = dict(WEEKDAYS)
            return ", ".join(str(labels[day]) for day in value if day in labels)
        if self.type == EUROS:
            return f"{formats.number_format(value, decimal_pos=2 if value % 1 else 0)} €"
        if self.type == DATE:
            return formats.date_format(value, "j F Y")
        if self.type == TIME:
            return value.strftime("%H h %M").replace(" h 00", " h")
        if self.type == YESNO:
            return str(_("oui") if value else _("non"))
        if self.name.endswith("_mois"):
            return months(value)
        return str(value)


def months(count: int) -> str:
    """« 3 mois », « 2 ans », « 1 an et 6 mois »."""
    years, rest = divmod(count, 12)
    if not years:
        return ngettext("%(n)d mois", "%(n)d mois", rest) % {"n": rest}
    text = ngettext("%(n)d an", "%(n)d ans", years) % {"n": years}
    if rest:
        text += " " + str(_("et %(n)d mois") % {"n": rest})
    return text


FIELDS = {
    field.name: field
    for field in (
        JoinField("jours_distribution", DAYS, _("Jours de distribution")),
        JoinField("heure_debut_distribution", TIME, _("Début de la distribution")),
        JoinField("heure_fin_distribution", TIME, _("Fin de la distribution")),
        JoinField(
            "lieu_distribution",
            TEXT,
            _("Lieu de distribution"),
            _("Où les paniers sont remis (salle, adresse)."),
        ),
        JoinField(
            "duree_contrat_mois",
            INTEGER,
            _("Durée du contrat (mois)"),
            _("La durée de l'engagement, en mois (12 pour un contrat annuel)."),
            min_value=1,
            max_value=36,
        ),
        JoinField("prix_panier_min", EUROS, _("Prix du panier, à partir de (€)"), max_value=1000),
        JoinField(
            "prix_panier_max",
            EUROS,
            _("Prix du panier, jusqu'à (€)"),
            _("Le même prix que le minimum quand il n'y a qu'une taille de panier."),
            max_value=1000,
        ),
        JoinField(
            "age_min_mois",
            INTEGER,
            _("Âge d'accueil minimum (mois)"),
            _("L'âge des plus jeunes enfants accueillis, en mois (2 pour 10 semaines)."),
            min_value=0,
            max_value=MAX_AGE_MONTHS,
        ),
        JoinField(
            "age_max_mois",
            INTEGER,
            _("Âge d'accueil maximum (mois)"),
            _("L'âge des plus grands, en mois (36 jusqu'à 3 ans, 47 jusqu'à l'école)."),
            min_value=0,
            max_value=MAX_AGE_MONTHS,
        ),
        JoinField(
            "permanences_parents",
            TEXT,
            _("Permanences des parents"),
            _("Ce que chaque famille assure (« une demi-journée par semaine »)."),
        ),
        JoinField(
            "nom_unite", TEXT, _("Nom de l'unité"), _("« grain de sel », « pêche »…"), max_length=60
        ),
        JoinField("cotisation_euros", EUROS, _("Cotisation annuelle (€)"), max_value=1000),
        JoinField(
            "points_change",
            TEXT,
            _("Où changer des euros"),
            _("Les comptoirs de change : lieux et adresses."),
            max_length=1000,
        ),
        JoinField("appel_intitule", TEXT, _("Prochain appel à candidatures")),
        JoinField(
            "appel_date_limite",
            DATE,
            _("Date limite de candidature"),
            _("Passée, l'appel n'est plus montré."),
        ),
        JoinField("appel_url", URL, _("Page de l'appel"), max_length=300),
        JoinField("vend_paniers", YESNO, _("Vend des paniers")),
        JoinField("contrats_insertion", YESNO, _("Embauche en contrat d'insertion")),
    )
}

# Each kind (its category's slug) and its fields, in the order forms and pages show them.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "amap": (
        "jours_distribution",
        "heure_debut_distribution",
        "heure_fin_distribution",
        "lieu_distribution",
        "duree_contrat_mois",
        "prix_panier_min",
        "prix_panier_max",
    ),
    "creche-parentale": ("age_min_mois", "age_max_mois", "permanences_parents"),
    "sel": ("nom_unite", "cotisation_euros"),
    "monnaie-locale": ("nom_unite", "cotisation_euros", "points_change"),
    "incubateur": ("appel_intitule", "appel_date_limite", "appel_url"),
    "jardin-insertion": ("vend_paniers", "contrats_insertion"),
}

# Bounds given as two fields: the first may not exceed the second, and a range needs both.
RANGES = (
    ("prix_panier_min", "prix_panier_max", _("Le prix minimum dépasse le prix maximum.")),
    ("age_min_mois", "age_max_mois", _("L'âge minimum dépasse l'âge maximum.")),
    (
        "heure_debut_distribution",
        "heure_fin_distribution",
        _("La distribution finit avant de commencer."),
    ),
)
BOTH_NEEDED = {"age_min_mois": "age_max_mois"}
# The call for applications: shown only while its deadline is not past.
CALL_FIELDS = KIND_FIELDS["incubateur"]


def kind_fields(slugs: Iterable[str]) -> list[JoinField]:
    """The fields of the kinds ``slugs``, each once, in the order of ``KIND_FIELDS``."""
    slugs = set(slugs)
    names: dict[str, None] = {}
    for slug, kind in KIND_FIELDS.items():
        if slug in slugs:
            names.update(dict.fromkeys(kind))
    return [FIELDS[name] for name in names]


def range_errors(values: dict[str, Any]) -> dict[str, str]:
    """The errors of bounds out of order or given alone, by field name (python values)."""
    errors = {}
    for low, high, message in RANGES:
        both = values.get(low) is not None and values.get(high) is not None
        if both and values[low] > values[high]:
            errors[high] = str(message)
    for first, second in BOTH_NEEDED.items():
        if (values.get(first) is None) != (values.get(second) is None):
            missing = second if values.get(second) is None else first
            errors[missing] = str(_("Indiquez l'âge minimum et l'âge maximum."))
    return errors


def validate_join_details(details: Any) -> None:
    """Check a stored ``join_details``: an object of known fields, each value as its form
    field would store it, bounds in order (whatever the entry's kinds: its form offers only
    theirs)."""
    if not isinstance(details, dict):
        raise ValidationError(_("Les modalités pour rejoindre doivent être un objet JSON."))
    problems = []
    values = {}
    for name, value in details.items():
        field = FIELDS.get(name)
        if field is None:
            problems.append(_("« %(name)s » n'est pas un champ connu.") % {"name": name})
            continue
        try:
            initial = field.to_python(value)
            formfield = field.formfield()
            cleaned = formfield.clean(formfield.prepare_value(initial))
        except (ValidationError, TypeError, ValueError):
            cleaned = None
        if cleaned is None or field.to_json(cleaned) != value:
            problems.append(
                _("« %(name)s » : valeur invalide (%(value)s).") % {"name": name, "value": value}
            )
        else:
            values[name] = cleaned
    if not problems:
        problems += range_errors(values).values()
    if problems:
        raise ValidationError(problems)


def call_is_open(details: dict[str, Any], today: datetime.date) -> bool:
    """Whether the call for applications is open: it has a deadline, not past."""
    deadline = details.get("appel_date_limite")
    return isinstance(deadline, str) and deadline >= today.isoformat()


def public_details(details: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    """What the public sees of ``details``: the call for applications only while open."""
    if call_is_open(details, today):
        return dict(details)
    return {name: value for name, value in details.items() if name not in CALL_FIELDS}


# The SQL condition of each option of the facets on these fields (directory.listing.bitsets
# counts them, ``JoiningQuerySet.with_options`` filters on them): one text for both.
def _age_condition(years: int) -> str:
    return (
        "(join_details ? 'age_min_mois' AND join_details @? "
        f"'$ ? (@.age_min_mois <= {years * 12 + 11} && @.age_max_mois >= {years * 12})')"
    )


OPTION_SQL: dict[str, dict[str, str]] = {
    "distribution": {
        day: f"""join_details @> '{{"jours_distribution": ["{day}"]}}'""" for day, _l in WEEKDAYS
    },
    "age": {value: _age_condition(int(value)) for value, _l in AGES},
}
