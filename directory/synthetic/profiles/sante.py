"""Profile of the domain « Santé » of the seed categories, which has no kinds: its entries are
filed under the domain itself."""

from directory.synthetic.profiles.kind_profile import KindProfile

SANTE = KindProfile(
    pattern=r"-sante-",
    weight=7,
    names=(
        "Centre de santé communautaire {de_commune}",
        "Maison de santé {de_lieu}",
        "Groupe d'entraide mutuelle {de_commune}",
        "Atelier santé {de_lieu}",
        "Les Pairs aidants {de_commune}",
        "Maison des femmes {de_commune}",
        "Réseau santé {personne}",
    ),
    summaries=(
        "Un centre de santé où médecins, infirmières et médiatrices accueillent les habitants "
        "{de_commune} sans dépassement d'honoraires, avec ou sans couverture sociale.",
        "Un groupe d'entraide mutuelle géré par ses adhérents, des personnes vivant avec des "
        "troubles psychiques, qui rompt l'isolement et organise des activités.",
        "Des habitants formés à la médiation en santé accompagnent leurs voisins vers les "
        "soins, le dépistage et l'accès aux droits.",
        "Une maison de santé pluriprofessionnelle qui associe les patients à son projet de "
        "prévention {a_commune}.",
    ),
    sentences=(
        "Les consultations se font sans avance de frais, en tiers payant intégral.",
        "Des médiatrices en santé parlant plusieurs langues accompagnent les patients.",
        "Un comité d'usagers participe aux décisions et à l'évaluation du projet de santé.",
        "Les pairs aidants, eux-mêmes passés par la maladie, animent des groupes de parole.",
        "Des ateliers de prévention abordent la nutrition, le sommeil et la santé mentale.",
        "Le centre travaille avec la protection maternelle et infantile, l'hôpital et les "
        "services sociaux du département.",
    ),
    labels=("Centre de santé", "Local d'accueil", "Permanence santé"),
    scopes=(("quartier", 40), ("commune", 40), ("departement", 15), ("", 5)),
    legal_forms=(("association", 70), ("mutuelle", 12), ("collectivite", 10), ("", 8)),
)
