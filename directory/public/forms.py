"""The public's forms: proposing an initiative, reporting an error on one.

Both are ``SpamProtectedForm`` (honeypot and signed display time, see ``antispam``); the views
add the rate limit. Saving is ``directory.curation``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..curation.proposals import ProposedInitiative
from ..images.fields import CleanImagesLastMixin, InitiativeImageField
from ..listing.fields import CommuneField
from ..models import Category, Initiative
from .antispam import SpamProtectedForm, submission_key
from .fields import EMAIL_MAX_LENGTH, ContactEmailField, SingleLineCharField, WebsiteField
from .languages import reverse_unprefixed

MESSAGE_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 5000
# How many entries with a similar name the proposer is shown.
DUPLICATES_SHOWN = 5


@dataclass(frozen=True)
class KindOption:
    value: str
    label: str
    checked: bool


class ProposalForm(CleanImagesLastMixin, SpamProtectedForm):
    """What the public tells about an initiative, and how the curators can reach them.

    Its image is decoded only once every other field is valid and no entry with a similar
    name waits for the proposer's confirmation (``CleanImagesLastMixin``)."""

    name = SingleLineCharField(label=_("Nom de l'initiative"), max_length=200)
    categories = forms.TypedMultipleChoiceField(
        label=_("Types d'initiative"),
        coerce=int,
        help_text=_("Un ou plusieurs."),
        error_messages={"required": _("Choisissez au moins un type d'initiative.")},
    )
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=300,
        help_text=_("Une ou deux phrases : ce que fait l'initiative, pour qui."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Son histoire, son fonctionnement, comment y participer."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    commune = CommuneField(
        label=_("Commune"),
        required=False,
        max_length=100,
        help_text=_(
            "Nom, code postal ou code INSEE. Laissez vide pour une initiative en ligne "
            "ou régionale."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    website = WebsiteField(label=_("Site web"), required=False, max_length=300)
    email = forms.EmailField(
        label=_("Courriel de l'initiative"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("L'adresse publique de l'initiative, affichée sur sa fiche."),
    )
    image = InitiativeImageField(label=_("Logo ou photo"), required=False)
    image_alt = SingleLineCharField(
        label=_("Ce que montre l'image"),
        required=False,
        max_length=200,
        help_text=_("Pour les personnes qui ne la voient pas. Obligatoire avec une image."),
    )
    proposer_name = SingleLineCharField(
        label=_("Votre nom"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    proposer_email = ContactEmailField(
        label=_("Votre courriel"),
        help_text=_("Pour vous répondre ; jamais affiché."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("Accord pour la conservation de votre nom et de votre courriel"),
        error_messages={
            "required": _(
                "Cochez cette case pour envoyer votre proposition : sans votre nom et "
                "votre courriel, l'équipe ne peut pas vous répondre."
            )
        },
    )
    send_anyway = forms.BooleanField(
        label=_("Mon initiative n'est aucune de celles-ci : envoyer quand même."),
        required=False,
    )

    error_anchors = {"categories": "categories"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Kinds, grouped by domain: one query, for the choices and for the cleaned value.
        self.kinds = list(Category.objects.kinds().select_related("parent"))
        self.fields["categories"].choices = [(kind.pk, kind.name) for kind in self.kinds]
        # Suggestions as one types, from static/js/commune-autocomplete.js.
        self.fields["commune"].widget.attrs["data-autocomplete"] = reverse_unprefixed(
            "directory:communes_json"
        )
        self.duplicates: list[Initiative] = []

    def kind_groups(self) -> list[tuple[Category, list[KindOption]]]:
        """The kinds under their domains, each with whether it is checked."""
        value = self["categories"].value() or []
        chosen = {str(item) for item in ([value] if isinstance(value, str | int) else value)}
        groups: dict[int, tuple[Category, list[KindOption]]] = {}
        for kind in self.kinds:
            _, options = groups.setdefault(kind.parent_id, (kind.parent, []))
            options.append(KindOption(str(kind.pk), kind.name, str(kind.pk) in chosen))
        return sorted(groups.values(), key=lambda group: (group[0].position, group[0].name))

    def clean_categories(self) -> list[Category]:
        chosen = set(self.cleaned_data["categories"])
        return [kind for kind in self.kinds if kind.pk in chosen]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not cleaned_data.get("image_alt", "").strip():
            self.add_error("image_alt", gettext("Décrivez l'image en quelques mots."))
        return cleaned_data

    def may_clean_images(self) -> bool:
        # The duplicates first: a proposal shown again for confirmation decodes no image.
        self.find_duplicates()
        return not self.needs_confirmation

    def find_duplicates(self) -> list[Initiative]:
        """Published entries whose name or one of whose other names looks like the one
        proposed, in the same commune when one is given. While there are some, the proposer
        must confirm (``send_anyway``) before the proposal is saved. Called by the validation,
        once every field is valid."""
        queryset = Initiative.objects.published().named_like(
            self.cleaned_data["name"], self.cleaned_data.get("commune")
        )
        self.duplicates = list(
            queryset.only("pk", "name", "other_names", "slug", "summary")[:DUPLICATES_SHOWN]
        )
        return self.duplicates

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.duplicates) and not self.cleaned_data.get("send_anyway")

    def proposed(self) -> ProposedInitiative:
        """The valid proposal, as ``directory.curation.proposals.submit_proposal`` takes it."""
        data = self.cleaned_data
        return ProposedInitiative(
            name=data["name"],
            summary=data["summary"],
            categories=data["categories"],
            proposer_name=data["proposer_name"],
            proposer_email=data["proposer_email"],
            description=data["description"],
            website=data["website"],
            email=data["email"],
            commune=data.get("commune"),
            image=data.get("image") or None,
            image_alt=data.get("image_alt", ""),
            duplicates_acknowledged=bool(self.duplicates),
            submission_key=submission_key(self.data),
        )


class ErrorReportForm(SpamProtectedForm):
    message = forms.CharField(
        label=_("Ce qui est inexact ou manque"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_(
            "Par exemple : « l'adresse a changé », « l'association a fermé en 2022 ». "
            "Indiquez votre source si vous en avez une."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = ContactEmailField(
        label=_("Votre courriel"),
        required=False,
        help_text=_("Seulement si vous souhaitez une réponse ; jamais affiché."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
