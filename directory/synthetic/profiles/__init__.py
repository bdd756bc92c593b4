"""How synthetic entries of each kind are named and described: one module per domain of the
seed categories, and a generic profile for the kinds none of them matches."""

import re

from directory.synthetic.profiles.developpement_communaute import (
    ECHANGE_DE_SAVOIRS,
    LOGICIEL_LIBRE,
    MEDIATION_SOCIALE,
    SEL,
    UNIVERSITE_EN_LIGNE,
)
from directory.synthetic.profiles.finance_solidaire import (
    INCUBATEUR,
    MICRO_CREDIT,
    MICRO_DONS,
    MONNAIE_LOCALE,
)
from directory.synthetic.profiles.kind_profile import KindProfile
from directory.synthetic.profiles.pairs import PARTNERS, plausible
from directory.synthetic.profiles.sante import CENTRE_SANTE, CENTRE_SANTE_COMMUNAUTAIRE
from directory.synthetic.profiles.travail_insertion import (
    COOPERATIVE_ACTIVITE_EMPLOI,
    JARDIN_INSERTION,
    REINSERTION_RECYCLAGE,
)
from directory.synthetic.profiles.vie_quotidienne import (
    AMAP,
    ATELIER_VELO,
    CONSOMMATION_COLLABORATIVE,
    CRECHE_PARENTALE,
    GARAGE_SOLIDAIRE,
    REPAIR_CAFE,
    SUPERMARCHE_COOPERATIF,
)

__all__ = [
    "GENERIC_PROFILE",
    "KIND_PROFILES",
    "PARTNERS",
    "KindProfile",
    "plausible",
    "profile_for",
]

# Matched in order against "-<slugified name>-<slug>-" of each kind found in the database (and
# of each domain without kinds, whose entries are filed under the domain itself); each pattern
# matches one kind of the seed categories.
KIND_PROFILES = (
    AMAP,
    SEL,
    CRECHE_PARENTALE,
    MICRO_CREDIT,
    UNIVERSITE_EN_LIGNE,
    MONNAIE_LOCALE,
    JARDIN_INSERTION,
    REINSERTION_RECYCLAGE,
    LOGICIEL_LIBRE,
    MICRO_DONS,
    CONSOMMATION_COLLABORATIVE,
    ECHANGE_DE_SAVOIRS,
    GARAGE_SOLIDAIRE,
    INCUBATEUR,
    CENTRE_SANTE_COMMUNAUTAIRE,
    CENTRE_SANTE,
    COOPERATIVE_ACTIVITE_EMPLOI,
    REPAIR_CAFE,
    ATELIER_VELO,
    SUPERMARCHE_COOPERATIF,
    MEDIATION_SOCIALE,
)
# For kinds that match no profile (a new kind, a domain without kinds, or the test factories'
# "Type 3").
GENERIC_PROFILE = KindProfile(
    pattern=r"",
    weight=1,
    names=(
        "Association {de_lieu}",
        "Collectif {de_commune}",
        "Maison des initiatives {de_lieu}",
        "Les Amis {de_lieu}",
        "Association {personne}",
    ),
    summaries=(
        "Une association de quartier qui réunit les habitants {de_commune} autour de projets "
        "d'entraide et de partage.",
        "Un collectif d'habitants qui invente des réponses locales aux besoins du quartier.",
    ),
    sentences=(
        "L'association a été fondée par un groupe de voisins qui voulaient agir ensemble.",
        "Ses activités sont ouvertes à tous, quel que soit l'âge ou le revenu.",
        "Elle réunit chaque année plusieurs centaines de participants.",
    ),
    labels=("Local associatif", "Siège"),
    scopes=(("quartier", 35), ("commune", 45), ("departement", 12), ("", 8)),
)


def profile_for(key: str) -> KindProfile | None:
    """The profile of the kind whose key is ``key`` ("-<slugified name>-<slug>-"), if any."""
    return next((profile for profile in KIND_PROFILES if re.search(profile.pattern, key)), None)
