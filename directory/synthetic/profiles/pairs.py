"""Which kinds an entry plausibly combines, and how often: an AMAP also runs an insertion
garden or a sharing scheme, a ressourcerie a solidarity garage or a repair café, a
supermarché coopératif hosts an AMAP's distribution; an AMAP is never a crèche too.

An entry's first kind is drawn by weight; each further kind only among the partners of all the
kinds it already has. A kind without partners (a kind no profile knows) stays alone.
"""

from __future__ import annotations

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
    # A ressourcerie or a sharing scheme holds a repair café; some also fix bikes.
    (REPAIR_CAFE, CONSOMMATION_COLLABORATIVE, 4),
    (REPAIR_CAFE, REINSERTION_RECYCLAGE, 3),
    (REPAIR_CAFE, ATELIER_VELO, 2),
    (REPAIR_CAFE, ECHANGE_DE_SAVOIRS, 1),
    # Bikes saved from the tip by an insertion workshop, bike repairs at a solidarity garage.
    (ATELIER_VELO, REINSERTION_RECYCLAGE, 3),
    (ATELIER_VELO, GARAGE_SOLIDAIRE, 2),
    (ATELIER_VELO, CONSOMMATION_COLLABORATIVE, 1),
    # The AMAP's baskets handed out at the shop, local currency at its tills.
    (SUPERMARCHE_COOPERATIF, AMAP, 1),
    (SUPERMARCHE_COOPERATIF, CONSOMMATION_COLLABORATIVE, 2),
    (SUPERMARCHE_COOPERATIF, MONNAIE_LOCALE, 1),
    # A community health centre is often an associative one too, with its health mediators.
    (CENTRE_SANTE_COMMUNAUTAIRE, CENTRE_SANTE, 2),
    (CENTRE_SANTE_COMMUNAUTAIRE, MEDIATION_SOCIALE, 4),
    (CENTRE_SANTE_COMMUNAUTAIRE, ECHANGE_DE_SAVOIRS, 1),
    (CENTRE_SANTE, MEDIATION_SOCIALE, 1),
    (MEDIATION_SOCIALE, ECHANGE_DE_SAVOIRS, 1),
    (COOPERATIVE_ACTIVITE_EMPLOI, INCUBATEUR, 3),
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
