"""Profiles of the kinds in the domain « Conditions de travail et insertion » of the seed
categories."""

from directory.synthetic.profiles.kind_profile import KindProfile

REINSERTION_RECYCLAGE = KindProfile(
    pattern=r"recycl|recuper|ressourcerie|reinsertion|reemploi",
    weight=9,
    names=(
        "Ressourcerie {de_lieu}",
        "Ressourcerie {de_commune}",
        "Recyclerie {de_lieu}",
        "Atelier de réemploi {de_commune}",
        "La Ressourcerie {personne}",
    ),
    summaries=(
        "Une ressourcerie qui collecte les objets dont les habitants {de_commune} ne veulent "
        "plus, les répare et les revend à petit prix, en employant des personnes en "
        "insertion.",
        "Collecte, tri, réparation et revente d'objets de seconde main : un chantier "
        "d'insertion qui remet au travail des personnes éloignées de l'emploi.",
    ),
    sentences=(
        "Meubles, vaisselle, livres, jouets et vêtements sont collectés à domicile ou "
        "déposés à la boutique.",
        "Les salariés en contrat d'insertion y apprennent un métier, valoriste, vendeur ou "
        "chauffeur-livreur, avec l'aide d'une conseillère en insertion professionnelle.",
        "Chaque année, plusieurs dizaines de tonnes d'objets échappent à l'incinération.",
        "La boutique est ouverte à tous, du mercredi au samedi.",
        "Des ateliers de réparation et de couture apprennent à faire durer les objets.",
    ),
    labels=("Boutique", "Atelier", "Point de collecte"),
    scopes=(("commune", 55), ("departement", 35), ("quartier", 5), ("", 5)),
    legal_forms=(
        ("association", 50),
        ("scic", 15),
        ("entreprise-ess", 15),
        ("scop", 10),
        ("cooperative", 5),
        ("", 5),
    ),
)

JARDIN_INSERTION = KindProfile(
    pattern=r"jardin|maraich",
    weight=9,
    names=(
        "Jardin partagé {personne}",
        "Les Jardins {de_commune}",
        "Les Jardins {de_lieu}",
        "Potager d'insertion {de_commune}",
        "Jardin maraîcher {de_lieu}",
    ),
    summaries=(
        "Un jardin maraîcher biologique où des personnes en insertion cultivent des légumes "
        "vendus en paniers aux adhérents.",
        "Sur un hectare {de_commune}, des salariés en parcours d'insertion produisent des "
        "légumes bio et retrouvent le chemin de l'emploi.",
        "Un jardin cultivé collectivement par les habitants du quartier, ouvert aux écoles "
        "et aux voisins.",
    ),
    sentences=(
        "Les jardiniers en contrat d'insertion sont encadrés par un maraîcher et accompagnés "
        "dans leur projet professionnel.",
        "Les légumes, cultivés sans pesticides, sont vendus en paniers hebdomadaires à des "
        "adhérents-consommateurs.",
        "Des parcelles individuelles et collectives sont attribuées aux habitants, qui "
        "partagent outils et récoltes.",
        "Le compost du quartier nourrit les planches de culture.",
        "Des animations pour les écoles font découvrir les saisons et la biodiversité.",
    ),
    labels=("Jardin", "Parcelles", "Point de vente des paniers"),
    scopes=(("commune", 50), ("quartier", 20), ("departement", 25), ("", 5)),
)

COOPERATIVE_ACTIVITE_EMPLOI = KindProfile(
    pattern=r"activite-(?:et-d-?)?emploi|-cae-",
    weight=2,
    names=(
        "Coopérative d'activité et d'emploi {de_commune}",
        "CAE {de_lieu}",
        "Coopérative d'entrepreneurs {de_commune}",
        "Les Entrepreneurs associés {de_lieu}",
        "Coopérative {personne}",
    ),
    summaries=(
        "Une coopérative d'activité et d'emploi où des entrepreneurs {de_commune} testent et "
        "développent leur activité comme salariés, sans créer leur entreprise.",
        "Graphistes, formateurs, artisans, jardiniers : chacun mène sa propre activité et "
        "partage avec les autres la comptabilité, l'assurance et les décisions.",
        "Une coopérative qui accueille les porteurs de projet avec leur savoir-faire, les "
        "accompagne jusqu'à leurs premiers clients, puis leur propose d'en devenir associés.",
    ),
    sentences=(
        "Chaque entrepreneur signe un contrat d'entrepreneur salarié et garde la maîtrise de "
        "son activité, de ses prix et de ses clients.",
        "La coopérative verse à chacun un salaire tiré de son chiffre d'affaires, après une "
        "contribution d'environ 10 % aux frais communs.",
        "Au bout de trois ans au plus, l'entrepreneur devient associé et vote en assemblée "
        "générale.",
        "Des réunions mensuelles permettent d'échanger des clients, des conseils et des coups "
        "de main.",
        "La coopérative tient la comptabilité, établit les factures et déclare la TVA pour tous.",
        "Salariés, les entrepreneurs cotisent au chômage et à la retraite : on peut se lancer "
        "sans perdre ses droits.",
    ),
    labels=("Siège", "Bureaux", "Espace de coworking"),
    scopes=(("departement", 45), ("region", 45), ("commune", 5), ("", 5)),
    legal_forms=(("scop", 60), ("scic", 35), ("", 5)),
)
