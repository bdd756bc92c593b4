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
        "Repair café {de_lieu}",
        "Outilthèque {de_commune}",
        "La Boîte à partage {de_lieu}",
        "Donnerie {de_commune}",
        "Les Voisins qui prêtent {de_lieu}",
    ),
    summaries=(
        "Prêter plutôt qu'acheter : une outilthèque où les habitants {de_commune} empruntent "
        "perceuses, échelles et appareils à raclette.",
        "Un repair café mensuel où des bénévoles aident à réparer petit électroménager, vélos "
        "et vêtements.",
        "Des objets mis en commun entre voisins pour consommer moins et se rencontrer davantage.",
    ),
    sentences=(
        "L'adhésion, à prix libre, donne accès à plus de {nombre} objets empruntables pour "
        "une semaine.",
        "Le dernier samedi du mois, le repair café accueille quiconque a un objet en panne.",
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
