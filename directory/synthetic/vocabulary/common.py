"""Sentences of descriptions that most entries share, the templates that place wordfreq's words
in descriptions and summaries, and the kinds of places neighbourhoods are named after."""

# Each sentence comes up in that fraction of the entries, and no two share a content word: their
# words are the benchmark's very common ones (25–65 % of the entries).
COMMON_SENTENCES: tuple[tuple[str, float], ...] = (
    ("Les activités se déroulent toute l'année, vacances scolaires comprises.", 0.42),
    ("L'équipe accueille volontiers de nouveaux membres.", 0.38),
    ("Chacun contribue selon ses moyens et ses envies.", 0.33),
    ("Le programme détaillé est affiché sur place et diffusé par courriel.", 0.30),
    ("Un moment convivial clôt chaque rencontre autour d'un café.", 0.36),
    ("Des partenaires locaux soutiennent l'action depuis ses débuts.", 0.40),
    ("Les horaires peuvent varier : mieux vaut se renseigner avant de venir.", 0.31),
    ("Une charte rappelle les valeurs partagées : respect, écoute et bienveillance.", 0.35),
    ("Le bilan écoulé est présenté lors de la fête annuelle.", 0.29),
    ("Plusieurs groupes de travail préparent les chantiers à venir.", 0.34),
    ("Les enfants sont admis, accompagnés d'un adulte.", 0.28),
    ("Des formations gratuites sont régulièrement organisées pour les participants.", 0.37),
    ("Un local lumineux, prêté par la ville, abrite l'essentiel des rendez-vous.", 0.32),
    ("Les échanges se font dans la simplicité et la bonne humeur.", 0.39),
)  # fmt: skip
# {w0}, {w1}…: words drawn by frequency; {de0}, {de1}…: the same after « de », elided.
THEME_TEMPLATES: tuple[str, ...] = (
    "Parmi les sujets abordés : {w0}, {w1} et {w2}.",
    "Les ateliers portent aussi sur {w0} et {w1}.",
    "On y parle volontiers {de0}, {de1} ou {de2}.",
    "Mots-clés : {w0}, {w1}, {w2}, {w3}.",
    "Prochains thèmes : {w0}, puis {w1}.",
    "Une soirée autour {de0} et {de1} est en préparation.",
    "Le groupe a récemment travaillé sur la question {de0}.",
    "Une exposition sur {w0}, {w1} et {w2} a été montée avec les habitants.",
)
SUMMARY_TAILS: tuple[str, ...] = (
    "Au programme : {w0}, {w1} et {w2}.",
    "Thèmes du moment : {w0} et {w1}.",
    "Permanence le {jour} {de_lieu}.",
    "Rendez-vous {a_commune}, près {de_rue}.",
    "Ateliers {de0} et {de1} chaque {jour}.",
    "Ouvert à tous les habitants {de_lieu}.",
    "Adhésion à prix libre ; prochain thème : {w0}.",
)
# « du quartier Mercier », « de la résidence Jean-Ferrat », « du clos des Lilas ».
NEIGHBOURHOOD_TYPES: tuple[tuple[str, str], ...] = (
    ("quartier", "m"), ("cité", "f"), ("résidence", "f"), ("square", "m"), ("parc", "m"),
    ("clos", "m"), ("hameau", "m"), ("îlot", "m"), ("plateau", "m"), ("butte", "f"),
    ("cour", "f"), ("villa", "f"), ("allée", "f"), ("passage", "m"),
)  # fmt: skip
