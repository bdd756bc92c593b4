"""Profiles of the kinds in the domain « Finance solidaire » of the seed categories."""

from directory.synthetic.profiles.kind_profile import KindProfile

MICRO_CREDIT = KindProfile(
    pattern=r"micro-?credit",
    weight=2,
    names=(
        "Micro-crédit {de_commune}",
        "Caisse de micro-crédit {de_lieu}",
        "Crédit solidaire {de_commune}",
        "Fonds de prêts d'honneur {de_commune}",
    ),
    summaries=(
        "Des prêts de quelques centaines à quelques milliers d'euros pour les personnes "
        "exclues du crédit bancaire qui veulent créer leur activité ou garder leur emploi.",
        "Un accompagnement bénévole et un micro-crédit pour financer un permis de conduire, "
        "un véhicule ou une formation.",
    ),
    sentences=(
        "Un conseiller bénévole aide chaque emprunteur à monter son dossier et le suit "
        "jusqu'au remboursement.",
        "Les prêts, de 300 à 8 000 euros, sont accordés par une banque partenaire et "
        "garantis par un fonds de cohésion sociale.",
        "La plupart des bénéficiaires sont demandeurs d'emploi ou allocataires de minima sociaux.",
        "Le taux de remboursement dépasse 90 %, signe qu'un accompagnement de proximité vaut "
        "mieux qu'une caution.",
    ),
    labels=("Permanence", "Accueil des emprunteurs"),
    scopes=(("departement", 40), ("region", 30), ("commune", 20), ("national", 10)),
    legal_forms=(
        ("association", 50),
        ("fondation", 15),
        ("mutuelle", 15),
        ("cooperative", 15),
        ("", 5),
    ),
)

MONNAIE_LOCALE = KindProfile(
    pattern=r"monnaie",
    weight=3,
    names=(
        "Monnaie locale {de_commune}",
        "{monnaie}, monnaie locale {de_commune}",
        "{monnaie} {de_lieu}",
    ),
    summaries=(
        "Une monnaie locale complémentaire, acceptée par des commerçants et des producteurs "
        "{de_commune}, pour que l'argent reste dans l'économie du territoire.",
        "Un euro échangé contre une unité de monnaie locale, dépensée chez des commerçants "
        "indépendants engagés dans une charte écologique et sociale.",
    ),
    sentences=(
        "Les billets s'obtiennent dans des comptoirs de change, à parité avec l'euro ; les "
        "euros déposés sont placés dans une banque éthique.",
        "Les commerçants du réseau signent une charte : circuits courts, respect des "
        "salariés, réduction des emballages.",
        "Plus de {nombre} prestataires acceptent déjà la monnaie, de la boulangerie au "
        "cinéma de quartier.",
        "La monnaie perd 2 % de sa valeur par semestre, ce qui encourage à la faire circuler "
        "plutôt qu'à l'épargner.",
    ),
    labels=("Comptoir de change", "Siège"),
    scopes=(("commune", 40), ("departement", 40), ("region", 15), ("", 5)),
)

MICRO_DONS = KindProfile(
    pattern=r"micro-?don",
    weight=1.5,
    names=(
        "Micro-dons {de_commune}",
        "L'Arrondi {de_lieu}",
        "Caisse des petits dons {de_commune}",
    ),
    summaries=(
        "Les clients des commerçants {de_commune} arrondissent leurs achats à l'euro "
        "supérieur ; les centimes collectés financent des associations locales.",
        "Une plateforme de micro-dons qui permet de soutenir des projets du quartier avec "
        "quelques euros.",
    ),
    sentences=(
        "Chaque don, même de quelques centimes, est reversé intégralement aux associations "
        "choisies par les donateurs.",
        "Les commerçants participants affichent un autocollant en vitrine.",
        "Un comité d'habitants sélectionne chaque trimestre les projets soutenus.",
    ),
    labels=("Siège",),
    scopes=(("commune", 40), ("en-ligne", 25), ("region", 20), ("national", 15)),
)

INCUBATEUR = KindProfile(
    pattern=r"incubat|accompagnement|pepiniere",
    weight=5,
    names=(
        "Incubateur {de_commune}",
        "Pépinière d'entreprises sociales {de_lieu}",
        "Couveuse d'activités {de_commune}",
        "Accélérateur d'innovation sociale {de_commune}",
        "Fabrique à initiatives {de_lieu}",
    ),
    summaries=(
        "Un incubateur qui accompagne pendant dix-huit mois des entrepreneurs sociaux, de "
        "l'idée au premier emploi.",
        "Hébergement, formation et mise en réseau pour les porteurs de projets de l'économie "
        "sociale {de_commune}.",
    ),
    sentences=(
        "Chaque promotion réunit une dizaine de projets, sélectionnés pour leur impact "
        "social et leur modèle économique.",
        "Des mentors bénévoles, cadres ou entrepreneurs, suivent chaque porteur de projet.",
        "L'incubateur met à disposition des bureaux partagés, une salle de réunion et un "
        "atelier de prototypage.",
        "Les projets accompagnés ont créé plusieurs centaines d'emplois dans l'économie sociale.",
    ),
    labels=("Bureaux", "Espace de coworking", "Siège"),
    scopes=(("departement", 45), ("region", 50), ("", 5)),
    legal_forms=(
        ("association", 40),
        ("entreprise-ess", 20),
        ("scic", 15),
        ("collectivite", 10),
        ("entreprise", 10),
        ("", 5),
    ),
)
