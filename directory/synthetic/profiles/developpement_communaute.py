"""Profiles of the kinds in the domain « Développement d'une communauté » of the seed categories."""

from directory.synthetic.profiles.kind_profile import KindProfile

UNIVERSITE_EN_LIGNE = KindProfile(
    pattern=r"universite|cours-en-ligne|acces-libre",
    weight=1,
    names=(
        "Université ouverte {de_commune}",
        "Université populaire numérique {de_lieu}",
        "Les Cours libres {de_commune}",
        "Académie ouverte {personne}",
    ),
    summaries=(
        "Des cours en ligne gratuits et en accès libre, préparés par des enseignants "
        "bénévoles, sur l'histoire, les sciences et le numérique.",
        "Une université populaire qui publie ses conférences en vidéo sous licence libre et "
        "anime des groupes d'étude {a_commune}.",
    ),
    sentences=(
        "Les cours sont publiés sous licence Creative Commons : chacun peut les reprendre, "
        "les traduire et les adapter.",
        "Des groupes d'étude se retrouvent chaque {jour} à la médiathèque pour suivre les "
        "cours ensemble.",
        "Aucun diplôme n'est exigé à l'entrée et aucune inscription n'est payante.",
        "Les enseignants sont chercheurs, professeurs retraités ou simples passionnés.",
    ),
    labels=("Salle de cours", "Lieu des rencontres"),
    scopes=(("en-ligne", 60), ("national", 35), ("", 5)),
    legal_forms=(("association", 70), ("fondation", 10), ("collectif", 15), ("", 5)),
)

LOGICIEL_LIBRE = KindProfile(
    pattern=r"logiciel|open-source",
    weight=4,
    names=(
        "Groupe d'utilisateurs de logiciels libres {de_commune}",
        "Les Libristes {de_commune}",
        "Atelier du Libre {de_lieu}",
        "Fabrique numérique libre {de_commune}",
    ),
    summaries=(
        "Une association qui fait connaître les logiciels libres et aide les habitants "
        "{de_commune} à reprendre la main sur leur ordinateur.",
        "Des bénévoles développent et traduisent des logiciels libres, et les installent "
        "gratuitement lors de permanences mensuelles.",
    ),
    sentences=(
        "Une fois par mois, une « install-party » aide chacun à installer GNU/Linux sur un "
        "ordinateur ancien.",
        "Les contributions de l'association sont publiées sous licence GPL et ouvertes à tous.",
        "Des ordinateurs reconditionnés sont donnés à des familles et à des associations du "
        "quartier.",
        "On y apprend à protéger sa vie privée, à chiffrer ses courriels et à se passer des "
        "services des géants du web.",
    ),
    labels=("Permanence", "Local", "Atelier"),
    scopes=(("en-ligne", 25), ("commune", 35), ("region", 20), ("national", 15), ("", 5)),
)

SEL = KindProfile(
    pattern=r"-sel-|systeme-d-?echange",
    weight=14,
    names=(
        "SEL {de_lieu}",
        "SEL {de_commune}",
        "Système d'échange local {de_commune}",
        "SEL {personne}",
    ),
    summaries=(
        "Un système d'échange local où les habitants {de_commune} échangent services, "
        "savoirs et objets sans argent, en unités de temps.",
        "Ici, une heure de bricolage vaut une heure de cours de cuisine : le SEL mesure les "
        "échanges en {unite}.",
    ),
    sentences=(
        "Chaque membre tient un relevé de ses échanges, comptés en {unite} : soixante "
        "{unite} valent une heure, quel que soit le service rendu.",
        "Une bourse locale d'échanges se tient le premier {jour} du mois : on y troque "
        "vêtements, livres et plants.",
        "Les offres et les demandes sont publiées dans un catalogue mis à jour chaque mois.",
        "Garde d'animaux, covoiturage, aide aux devoirs, couture : tout service peut s'échanger.",
        "Le SEL organise des rencontres avec les groupes voisins d'Île-de-France.",
    ),
    labels=("Permanence", "Bourse d'échanges", "Lieu de rencontre"),
    scopes=(("quartier", 40), ("commune", 50), ("", 10)),
    legal_forms=(("association", 70), ("collectif", 28), ("", 2)),
)

ECHANGE_DE_SAVOIRS = KindProfile(
    pattern=r"savoir",
    weight=5,
    names=(
        "Réseau d'échanges réciproques de savoirs {de_commune}",
        "RERS {de_lieu}",
        "Troc de savoirs {de_commune}",
    ),
    summaries=(
        "Chacun sait quelque chose que d'autres ignorent : le réseau met en relation ceux "
        "qui veulent apprendre et ceux qui veulent transmettre, gratuitement.",
        "Cuisine, langues, informatique, tricot : les habitants {de_commune} échangent leurs "
        "savoirs, chacun étant tour à tour enseignant et apprenant.",
    ),
    sentences=(
        "Toute personne qui reçoit un savoir s'engage à en offrir un à son tour, sans argent.",
        "Une animatrice met en relation offreurs et demandeurs et aide à préparer les séances.",
        "Les échanges ont lieu au centre social, à la médiathèque ou chez les participants.",
    ),
    labels=("Centre social", "Lieu des échanges"),
    scopes=(("quartier", 45), ("commune", 45), ("", 10)),
)

MEDIATION_SOCIALE = KindProfile(
    pattern=r"mediation",
    weight=4,
    names=(
        "Médiation sociale {de_commune}",
        "Femmes-relais {de_commune}",
        "Les Médiateurs {de_lieu}",
        "Association de médiation {de_lieu}",
        "Trait d'union {de_lieu}",
        "Médiatrices {personne}",
    ),
    summaries=(
        "Des femmes-relais, habitantes du quartier formées à la médiation, accompagnent les "
        "familles {de_commune} dans leurs démarches auprès de l'école, des services sociaux et "
        "des soignants.",
        "Des médiateurs sociaux vont à la rencontre des habitants, apaisent les conflits de "
        "voisinage et font le lien avec les bailleurs et les services publics.",
        "Une association de médiation sociale et culturelle qui explique, traduit et "
        "accompagne, pour que chacun accède à ses droits {a_commune}.",
    ),
    sentences=(
        "Les médiatrices parlent une dizaine de langues, de l'arabe au tamoul en passant par "
        "le soninké.",
        "On peut venir sans rendez-vous le {jour} matin, à la permanence du centre social.",
        "Les médiateurs, souvent en contrat d'adulte-relais, sont formés à l'écoute et à la "
        "gestion des conflits.",
        "Ils accompagnent les habitants à la caisse d'allocations familiales, à la préfecture "
        "ou chez le médecin, sans faire à leur place.",
        "Des tournées en soirée, au pied des immeubles, désamorcent les tensions entre voisins.",
        "La médiation est gratuite, confidentielle et repose sur l'accord des deux parties.",
    ),
    labels=("Permanence", "Local d'accueil", "Centre social"),
    scopes=(("quartier", 55), ("commune", 35), ("departement", 5), ("", 5)),
    legal_forms=(("association", 78), ("collectivite", 10), ("scic", 5), ("", 7)),
)
