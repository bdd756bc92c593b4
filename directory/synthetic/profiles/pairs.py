"""Which kinds an entry plausibly combines, and how often: an AMAP also runs an insertion
garden or a sharing scheme, a ressourcerie a solidarity garage; an AMAP is never a crèche too.

An entry's first kind is drawn by weight; each further kind only among the partners of all the
kinds it already has. A kind without partners (a kind no profile knows) stays alone.
"""

from __future__ import annotations

from directory.synthetic.profiles.developpement_communaute import (
    ECHANGE_DE_SAVOIRS,
    LOGICIEL_LIBRE,
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
from directory.synthetic.profiles.sante import SANTE
from directory.synthetic.profiles.travail_insertion import JARDIN_INSERTION, REINSERTION_RECYCLAGE
from directory.synthetic.profiles.vie_quotidienne import (
    AMAP,
    CONSOMMATION_COLLABORATIVE,
    CRECHE_PARENTALE,
    GARAGE_SOLIDAIRE,
)

# Unordered pairs, with the weight of the second kind when the first is drawn (and back).
PLAUSIBLE_PAIRS: tuple[tuple[KindProfile, KindProfile, float], ...] = (
    (AMAP, JARDIN_INSERTION, 4),
    (AMAP, CONSOMMATION_COLLABORATIVE, 3),
    (AMAP, MONNAIE_LOCALE, 2),
    (AMAP, ECHANGE_DE_SAVOIRS, 1),
    (JARDIN_INSERTION, REINSERTION_RECYCLAGE, 2),
    (JARDIN_INSERTION, ECHANGE_DE_SAVOIRS, 1),
    (REINSERTION_RECYCLAGE, GARAGE_SOLIDAIRE, 4),
    (REINSERTION_RECYCLAGE, CONSOMMATION_COLLABORATIVE, 4),
    (GARAGE_SOLIDAIRE, CONSOMMATION_COLLABORATIVE, 2),
    (SEL, ECHANGE_DE_SAVOIRS, 5),
    (SEL, MONNAIE_LOCALE, 2),
    (SEL, CONSOMMATION_COLLABORATIVE, 3),
    (ECHANGE_DE_SAVOIRS, CONSOMMATION_COLLABORATIVE, 2),
    (MONNAIE_LOCALE, MICRO_DONS, 1),
    (MICRO_CREDIT, INCUBATEUR, 4),
    (MICRO_CREDIT, MICRO_DONS, 1),
    (MICRO_DONS, INCUBATEUR, 1),
    (INCUBATEUR, REINSERTION_RECYCLAGE, 1),
    (INCUBATEUR, LOGICIEL_LIBRE, 1),
    (LOGICIEL_LIBRE, UNIVERSITE_EN_LIGNE, 4),
    (LOGICIEL_LIBRE, ECHANGE_DE_SAVOIRS, 2),
    (UNIVERSITE_EN_LIGNE, ECHANGE_DE_SAVOIRS, 2),
    (CRECHE_PARENTALE, CONSOMMATION_COLLABORATIVE, 1),
    (SANTE, ECHANGE_DE_SAVOIRS, 1),
)


def _partners() -> dict[KindProfile, dict[KindProfile, float]]:
    table: dict[KindProfile, dict[KindProfile, float]] = {}
    for first, second, weight in PLAUSIBLE_PAIRS:
        table.setdefault(first, {})[second] = weight
        table.setdefault(second, {})[first] = weight
    return table


PARTNERS = _partners()


def plausible(first: KindProfile, second: KindProfile) -> bool:
    """Whether one entry may have kinds of both profiles."""
    return second in PARTNERS.get(first, {})
