"""Profiles of the kinds in the domain « Santé » of the seed categories."""

from directory.synthetic.profiles.kind_profile import KindProfile

CENTRE_SANTE_COMMUNAUTAIRE = KindProfile(
    pattern=r"sante-communautaire",
    weight=2.5,
    names=(
        "Centre de santé communautaire {de_commune}",
        "Centre de santé communautaire {de_lieu}",
        "Groupe d'entraide mutuelle {de_commune}",
        "Atelier santé {de_lieu}",
        "Les Pairs aidants {de_commune}",
        "Santé commune {de_lieu}",
        "Réseau santé {personne}",
    ),
    summaries=(
        "Un centre de santé communautaire où habitants {de_commune}, usagers et soignants "
        "décident ensemble des soins, de la prévention et de l'accès aux droits.",
        "Un groupe d'entraide mutuelle géré par ses adhérents, des personnes vivant avec des "
        "troubles psychiques, qui rompt l'isolement et organise des activités.",
        "Des habitants formés à la médiation en santé accompagnent leurs voisins vers les "
        "soins, le dépistage et l'accès aux droits.",
        "Médecins, infirmières, médiatrices et habitants du quartier construisent ensemble une "
        "santé de proximité {a_commune}, attentive aux plus précaires.",
    ),
    sentences=(
        "Un comité d'usagers participe aux décisions et à l'évaluation du projet de santé.",
        "Les pairs aidants, eux-mêmes passés par la maladie, animent des groupes de parole.",
        "Des médiatrices en santé parlant plusieurs langues accompagnent les patients.",
        "Des ateliers collectifs abordent la nutrition, le sommeil et la santé mentale.",
        "Un diagnostic mené avec les habitants a fixé les priorités du projet de santé.",
        "Une permanence d'accès aux droits aide à ouvrir la complémentaire santé solidaire ou "
        "l'aide médicale de l'État.",
        "Des marches, des repas et des rencontres au pied des immeubles font de la prévention "
        "une affaire de voisins.",
    ),
    labels=("Centre de santé", "Local d'accueil", "Permanence santé"),
    scopes=(("quartier", 60), ("commune", 33), ("departement", 2), ("", 5)),
    legal_forms=(("association", 85), ("scic", 7), ("collectif", 3), ("", 5)),
)

CENTRE_SANTE = KindProfile(
    pattern=r"sante-(?:associati|cooperati|mutualiste)",
    weight=5,
    names=(
        "Centre de santé {de_commune}",
        "Centre de santé {de_lieu}",
        "Centre de santé {personne}",
        "Centre médical associatif {de_lieu}",
        "Coopérative de santé {de_commune}",
        "Maison des femmes {de_commune}",
    ),
    summaries=(
        "Un centre de santé où médecins, infirmières et médiatrices accueillent les habitants "
        "{de_commune} sans dépassement d'honoraires, avec ou sans couverture sociale.",
        "Médecine générale, soins infirmiers, dentaire et gynécologie : un centre de santé "
        "associatif dont les soignants sont salariés et les patients reçus en tiers payant.",
        "Un centre de santé géré en coopérative par ses soignants, ses usagers et la commune, "
        "ouvert six jours sur sept {a_commune}.",
        "Une maison des femmes qui accueille, soigne et accompagne les femmes victimes de "
        "violences, avec des soignantes, des juristes et des psychologues.",
    ),
    sentences=(
        "Les consultations se font sans avance de frais, en tiers payant intégral.",
        "Les médecins, salariés du centre, ne pratiquent aucun dépassement d'honoraires.",
        "Le centre travaille avec la protection maternelle et infantile, l'hôpital et les "
        "services sociaux du département.",
        "Une sage-femme et une gynécologue y assurent le suivi des grossesses et la contraception.",
        "Des consultations sans rendez-vous ont lieu chaque matin ; les autres se prennent à "
        "l'accueil ou par téléphone.",
        "Le projet de santé, déposé auprès de l'agence régionale de santé, fixe les priorités "
        "du centre.",
    ),
    labels=("Centre de santé", "Accueil", "Antenne"),
    scopes=(("commune", 55), ("quartier", 30), ("departement", 10), ("", 5)),
    legal_forms=(
        ("association", 55),
        ("mutuelle", 22),
        ("scic", 12),
        ("cooperative", 4),
        ("fondation", 3),
        ("", 4),
    ),
)
