"""Profiles of the kinds in the domain « Vie quotidienne » of the seed categories."""

from directory.synthetic.profiles.kind_profile import KindProfile

CRECHE_PARENTALE = KindProfile(
    pattern=r"creche",
    weight=6,
    names=(
        "Crèche parentale {surnom}",
        "Crèche parentale {surnom}",
        "Multi-accueil parental {surnom}",
        "{surnom}",
    ),
    summaries=(
        "Une crèche associative gérée par les parents {de_commune}, qui accueille une "
        "vingtaine d'enfants de dix semaines à trois ans.",
        "Les parents y assurent à tour de rôle une demi-journée de présence par semaine "
        "auprès des enfants et des professionnelles.",
        "Crèche parentale {a_commune} : les familles participent à la vie quotidienne, aux "
        "décisions et à la gestion.",
    ),
    sentences=(
        "Chaque famille assure une permanence hebdomadaire auprès des enfants, aux côtés "
        "d'éducatrices de jeunes enfants et d'auxiliaires de puériculture.",
        "Le conseil d'administration, composé de parents, recrute l'équipe, fixe le budget "
        "et vote le projet pédagogique.",
        "Les repas sont préparés sur place avec des produits bio et locaux.",
        "La crèche est agréée par la protection maternelle et infantile et conventionnée "
        "avec la caisse d'allocations familiales.",
        "Éveil musical, sorties au parc et ateliers de motricité rythment la semaine.",
    ),
    labels=("Crèche", "Locaux de la crèche"),
    scopes=(("quartier", 60), ("commune", 35), ("", 5)),
    legal_forms=(("association", 95), ("", 5)),
)

AMAP = KindProfile(
    pattern=r"-amap-",
    weight=22,
    names=(
        "AMAP {de_lieu}",
        "AMAP {de_commune}",
        "AMAP Les Paniers {de_lieu}",
        "AMAP {personne}",
        "AMAP Le Potager {de_commune}",
    ),
    summaries=(
        "Une association pour le maintien d'une agriculture paysanne qui livre chaque "
        "{jour} des paniers de légumes bio {a_commune}.",
        "Des habitants {de_commune} s'engagent auprès d'un maraîcher {origine} : paniers de "
        "saison payés d'avance, distribution le {jour} soir.",
        "Contrats de légumes, d'œufs et de pain avec des producteurs {origine}, distribués "
        "{a_commune} le {jour}.",
    ),
    sentences=(
        "Chaque adhérent signe un contrat de saison avec un producteur {origine} et paie ses "
        "paniers à l'avance.",
        "La distribution a lieu le {jour} de 18 h 30 à 20 h ; les adhérents la tiennent à "
        "tour de rôle.",
        "Des visites à la ferme sont organisées au printemps, et chacun peut venir prêter "
        "main-forte lors des récoltes.",
        "Outre les légumes, l'AMAP propose des contrats pour les œufs, le pain, les fromages "
        "de chèvre et le miel.",
        "Le panier change au fil des saisons : courges en hiver, tomates et haricots verts en été.",
        "Les prix sont fixés avec le paysan pour couvrir ses coûts et lui assurer un revenu "
        "décent.",
    ),
    labels=("Point de livraison", "Lieu de distribution", "Distribution des paniers"),
    scopes=(("quartier", 45), ("commune", 45), ("", 10)),
    legal_forms=(("association", 85), ("collectif", 12), ("", 3)),
)

CONSOMMATION_COLLABORATIVE = KindProfile(
    pattern=r"consommation|collaborati",
    weight=8,
    names=(
        "Bibliothèque d'objets {de_lieu}",
        "Outilthèque {de_commune}",
        "La Boîte à partage {de_lieu}",
        "Donnerie {de_commune}",
        "Les Voisins qui prêtent {de_lieu}",
    ),
    summaries=(
        "Prêter plutôt qu'acheter : une outilthèque où les habitants {de_commune} empruntent "
        "perceuses, échelles et appareils à raclette.",
        "Une donnerie où l'on dépose ce qui ne sert plus et où l'on prend ce dont on a besoin, "
        "sans argent ni troc.",
        "Des objets mis en commun entre voisins pour consommer moins et se rencontrer davantage.",
    ),
    sentences=(
        "L'adhésion, à prix libre, donne accès à plus de {nombre} objets empruntables pour "
        "une semaine.",
        "Chaque trimestre, une gratiferia, marché où tout est gratuit, s'installe sur la place "
        "du marché.",
        "Un site internet recense les objets disponibles et permet de les réserver.",
        "Les dons d'objets en bon état sont les bienvenus.",
    ),
    labels=("Local de prêt", "Atelier", "Permanence"),
    scopes=(("quartier", 50), ("commune", 40), ("en-ligne", 5), ("", 5)),
)

GARAGE_SOLIDAIRE = KindProfile(
    pattern=r"garage",
    weight=4,
    names=(
        "Garage solidaire {de_commune}",
        "Garage solidaire {de_lieu}",
        "Garage associatif {de_commune}",
    ),
    summaries=(
        "Un garage associatif qui répare à prix coûtant les véhicules des personnes à "
        "faibles revenus et emploie des mécaniciens en insertion.",
        "Réparations, entretien et location de voitures à petit prix, pour que le manque de "
        "mobilité ne soit plus un frein à l'emploi.",
    ),
    sentences=(
        "Les tarifs dépendent du quotient familial ; on y vient sur orientation d'un "
        "travailleur social ou de France Travail.",
        "Les adhérents peuvent aussi réparer eux-mêmes leur voiture, accompagnés d'un mécanicien.",
        "Des véhicules sont loués quelques euros par jour pour se rendre à un entretien "
        "d'embauche ou à une formation.",
        "Les mécaniciens en contrat d'insertion préparent un titre professionnel.",
    ),
    labels=("Atelier", "Garage"),
    scopes=(("commune", 60), ("departement", 35), ("", 5)),
)

REPAIR_CAFE = KindProfile(
    pattern=r"repair-?cafe",
    weight=5,
    names=(
        "Repair café {de_lieu}",
        "Repair café {de_commune}",
        "Repair café {personne}",
        "Café bricole {de_lieu}",
        "Les Réparateurs {de_commune}",
        "Atelier de réparation {de_lieu}",
    ),
    summaries=(
        "Un repair café mensuel où des bénévoles aident les habitants {de_commune} à réparer "
        "petit électroménager, vêtements, jouets et ordinateurs plutôt que de les jeter.",
        "Un samedi par mois, des bricoleurs bénévoles réparent avec vous grille-pain, lampes et "
        "radios, autour d'un café, gratuitement.",
        "On y apporte un objet en panne, on le répare avec un bénévole et on repart avec, en "
        "ayant appris comment faire.",
    ),
    sentences=(
        "Le dernier samedi du mois, le repair café accueille quiconque a un objet en panne.",
        "Les bénévoles, électriciens, couturières ou informaticiens, ne réparent pas à la place "
        "des visiteurs mais avec eux.",
        "Chaque réparation est notée : plus de la moitié des objets apportés repartent en état "
        "de marche.",
        "La réparation est gratuite ; une boîte à dons permet de participer aux frais.",
        "Les pièces détachées restent à la charge du propriétaire, que les bénévoles aident à "
        "trouver la bonne.",
        "Le repair café s'installe tour à tour à la médiathèque, au centre social et dans une "
        "école du quartier.",
    ),
    labels=("Salle de réparation", "Atelier", "Lieu des rencontres"),
    scopes=(("quartier", 50), ("commune", 45), ("", 5)),
    legal_forms=(("association", 60), ("collectif", 32), ("collectivite", 3), ("", 5)),
)

ATELIER_VELO = KindProfile(
    pattern=r"-velos?-",
    weight=4,
    names=(
        "Atelier vélo {de_lieu}",
        "Atelier vélo participatif {de_commune}",
        "Atelier vélo {personne}",
        "Les Rayons {de_lieu}",
        "La Roue libre {de_commune}",
        "Atelier d'autoréparation de vélos {de_commune}",
    ),
    summaries=(
        "Un atelier vélo participatif où les habitants {de_commune} apprennent à réparer et à "
        "entretenir eux-mêmes leur vélo, avec des outils et les conseils de bénévoles.",
        "Crevaisons, freins, dérailleurs : on vient réparer son vélo soi-même, accompagné, et "
        "on repart en sachant le faire.",
        "Un atelier d'autoréparation qui récupère des vélos abandonnés, les remet en état et "
        "les revend à petit prix à ses adhérents.",
    ),
    sentences=(
        "L'adhésion annuelle, à prix libre, donne accès à l'atelier, aux outils et aux pièces "
        "de réemploi.",
        "Les mécaniciens bénévoles ne réparent pas à la place des adhérents : ils montrent les "
        "gestes et prêtent les outils.",
        "Des vélos récupérés en déchetterie ou donnés par les habitants sont démontés pour en "
        "réutiliser les pièces.",
        "Un créneau réservé aux femmes a lieu un {jour} par mois.",
        "L'atelier organise des séances de marquage contre le vol et des balades pour apprendre "
        "à circuler en ville.",
        "Une vélo-école apprend aux adultes à rouler, puis à se déplacer en ville en sécurité.",
    ),
    labels=("Atelier", "Local vélo", "Point de réparation"),
    scopes=(("quartier", 30), ("commune", 60), ("departement", 5), ("", 5)),
    legal_forms=(("association", 88), ("collectif", 5), ("scic", 2), ("", 5)),
)

SUPERMARCHE_COOPERATIF = KindProfile(
    pattern=r"supermarche",
    weight=2,
    names=(
        "Supermarché coopératif {de_commune}",
        "Supermarché coopératif {de_lieu}",
        "La Coop {de_lieu}",
        "Épicerie coopérative {de_commune}",
        "Le Panier commun {de_commune}",
    ),
    summaries=(
        "Un supermarché coopératif détenu par ses membres : chacun achète une part, donne trois "
        "heures de travail toutes les quatre semaines et fait ses courses à prix justes.",
        "Des habitants {de_commune} ont ouvert leur propre magasin : produits bio, locaux et "
        "conventionnels, choisis ensemble et vendus avec une marge fixe.",
        "Un magasin sans actionnaires ni publicité, tenu par ses clients-coopérateurs, qui "
        "choisissent les produits et les producteurs {origine}.",
    ),
    sentences=(
        "Chaque coopérateur travaille trois heures toutes les quatre semaines : mise en rayon, "
        "caisse, réception des livraisons.",
        "Seuls les membres font leurs courses au magasin, mais chacun peut le devenir ; la part "
        "coûte moins cher aux bénéficiaires des minima sociaux.",
        "La marge est la même sur tous les produits, si bien que le bio y coûte moins cher "
        "qu'en grande surface.",
        "Les producteurs {origine} livrent directement le magasin, sans intermédiaire.",
        "En assemblée générale, chaque coopérateur a une voix, quel que soit le nombre de ses "
        "parts.",
        "Avant l'ouverture du magasin, une épicerie de préfiguration a rassemblé les premiers "
        "coopérateurs.",
    ),
    labels=("Magasin", "Entrepôt", "Point de vente"),
    scopes=(("commune", 50), ("quartier", 25), ("departement", 20), ("", 5)),
    legal_forms=(("cooperative", 45), ("association", 30), ("scic", 20), ("", 5)),
)
