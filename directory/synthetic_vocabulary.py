"""Vocabulary and weights for ``seed_synthetic``: French names, sentences and distributions
that make synthetic initiatives look like real ones (and give search a realistic spread of
common and rare words)."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from directory.models import LegalForm, Principle, Scope

T = TypeVar("T")


class Weighted(Generic[T]):
    """Picks items at random in proportion to their weights (zero weights are dropped)."""

    def __init__(self, weighted_items: Iterable[tuple[T, float]]) -> None:
        pairs = [(item, weight) for item, weight in weighted_items if weight > 0]
        if not pairs:
            raise ValueError("Weighted needs at least one item with a positive weight.")
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]

    def pick_distinct(self, rng: random.Random, k: int) -> list[T]:
        """Up to ``k`` different items, the heavier ones more often."""
        chosen: list[T] = []
        k = min(k, len(self.items))
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


# --- Vocabulary ----------------------------------------------------------------------------------
# Placeholders: {de_lieu} "des Lilas", {personne} "Émile-Zola", {commune} "Montreuil",
# {de_commune} "de Montreuil", {a_commune} "à Montreuil", {jour} "mardi", {nombre} "120",
# {origine} "du Vexin", {unite} "grains", {surnom} "Les Petits Pas", {monnaie} "La Fève".

LIEUX = (
    "des Lilas",
    "de l'Écluse",
    "du Faubourg Saint-Éloi",
    "des Coteaux",
    "de la Butte",
    "du Canal",
    "des Épinettes",
    "de la Fontaine",
    "du Vieux-Pays",
    "des Quatre-Chemins",
    "de l'Église",
    "des Bords de Marne",
    "du Plateau",
    "de la Gare",
    "des Amandiers",
    "de l'Orme",
    "du Moulin",
    "des Îles",
    "du Val",
    "de la Prairie",
    "des Tilleuls",
    "de l'Étang",
    "du Château",
    "des Glycines",
    "de la Croix-Blanche",
    "des Hauts-Prés",
    "du Bas-Montreau",
    "de la Cité-Jardin",
    "des Noues",
    "de la Source",
    "du Clos-Français",
    "des Guilands",
    "de l'Abreuvoir",
    "du Pré-Saint-Gervais",
    "des Vignes",
    "de la Sablière",
    "du Bois-Perrier",
    "de la Mare",
    "des Sablons",
    "du Petit-Noisy",
    "des Courtillières",
    "de la Maladrerie",
    "du Chêne-Pointu",
    "des Brouillards",
    "de la Fosse-aux-Loups",
    "du Clos-Saint-Lazare",
    "des Beaudottes",
    "de la Grande-Borne",
    "des Pyramides",
    "du Val-Fourré",
    "de la Noé",
    "des Bosquets",
    "du Luth",
    "de la Pierre-Collinet",
    "des Tarterêts",
    "du Mont-Mesly",
    "de la Coudraie",
    "des Navigateurs",
    "du Bel-Air",
    "de la Verrerie",
    "des Blés-d'Or",
)
PERSONNES = (
    "Émile-Zola",
    "Jean-Jaurès",
    "Louise-Michel",
    "Victor-Hugo",
    "Pablo-Neruda",
    "Gabriel-Péri",
    "Olympe-de-Gouges",
    "Marie-Curie",
    "Aimé-Césaire",
    "Simone-Veil",
    "Jules-Vallès",
    "Lucie-Aubrac",
    "Paul-Éluard",
    "Germaine-Tillion",
    "Henri-Barbusse",
    "Rosa-Parks",
    "Frédéric-Joliot-Curie",
    "Joséphine-Baker",
    "Édith-Piaf",
    "Anatole-France",
    "Danielle-Casanova",
    "Pierre-Brossolette",
    "Missak-Manouchian",
    "Gisèle-Halimi",
    "Léon-Blum",
    "Jacques-Prévert",
    "Colette-Besson",
    "Nelson-Mandela",
    "Louis-Aragon",
    "Hélène-Boucher",
    "Camille-Claudel",
    "Jean-Ferrat",
    "Toussaint-Louverture",
    "Rosa-Luxemburg",
    "Albert-Camus",
)
SURNOMS = (
    "Les Petits Pas",
    "Les Lucioles",
    "La Ribambelle",
    "Les Frimousses",
    "Les Petits Loups",
    "Pomme de Reinette",
    "Les Galopins",
    "L'Île aux Enfants",
    "Les Bout'chous",
    "Les Marmousets",
    "À Petits Pas",
    "Les Écureuils",
    "Les Cigales",
    "Le Jardin d'Éveil",
    "Les Mouflets",
    "La Maison des Doudous",
    "Les Lutins",
    "Les Pitchouns",
    "Trotte-Menu",
    "Les Coccinelles",
)
MONNAIES = (
    "La Fève",
    "Le Sou",
    "L'Épi",
    "La Luciole",
    "Le Grain",
    "La Perle",
    "Le Trèfle",
    "La Châtaigne",
    "L'Abeille",
    "Le Héron",
)
ORIGINES = (
    "de Seine-et-Marne",
    "du Vexin",
    "de la Beauce",
    "du Gâtinais",
    "de l'Oise",
    "de la plaine de Versailles",
    "du Hurepoix",
    "de la Brie",
    "du Mantois",
    "de l'Yonne",
)
UNITES = ("grains", "cailloux", "noisettes", "bulles", "plumes", "trèfles")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
NOMBRES = ("40", "60", "80", "120", "150", "200", "300")

GENERIC_SENTENCES = (
    "Les décisions importantes sont prises en assemblée générale, selon le principe "
    "« une personne, une voix ».",
    "Les habitants du quartier participent à chaque étape du projet.",
    "Le projet repose sur l'entraide entre voisins et sur l'engagement de nombreux bénévoles.",
    "L'association favorise l'insertion des personnes éloignées de l'emploi.",
    "Une attention particulière est portée à l'écologie : circuits courts, réemploi, sobriété.",
    "Les bénéfices éventuels sont réinvestis dans le projet plutôt que distribués.",
    "Des permanences ont lieu chaque {jour} en fin d'après-midi.",
    "Les adhérents sont invités à proposer de nouvelles activités.",
    "L'initiative est soutenue par la mairie et par le conseil départemental.",
    "Les activités sont accessibles aux personnes à mobilité réduite.",
    "Le collectif travaille en lien avec les centres sociaux, les écoles et les bailleurs du "
    "quartier.",
    "La cotisation annuelle est à prix libre, pour que personne ne soit exclu faute de moyens.",
    "Un conseil collégial, sans président, anime l'association.",
    "Les comptes sont publiés chaque année et présentés aux adhérents.",
    "Les savoir-faire des uns profitent aux autres : c'est la force du collectif.",
    "L'équipe salariée est épaulée par une quarantaine de bénévoles réguliers.",
    "Le projet contribue à la cohésion sociale et au lien entre générations.",
    "Des repas partagés réunissent régulièrement adhérents et voisins.",
    "Les familles monoparentales et les personnes âgées isolées sont particulièrement bienvenues.",
    "L'initiative a essaimé dans plusieurs communes voisines.",
    "Une lettre d'information mensuelle raconte la vie du collectif.",
    "La démarche s'appuie sur la participation des habitants plutôt que sur l'assistance.",
    "Les outils et les méthodes sont partagés librement avec d'autres associations.",
    "Des stages de découverte sont proposés aux jeunes du quartier pendant les vacances.",
    "Le lieu sert aussi de point de rencontre pour les associations du territoire.",
    "Une convention avec la ville garantit l'occupation du local à loyer modéré.",
    "Les nouveaux arrivants sont accueillis lors d'une réunion d'information mensuelle.",
    "L'association emploie des salariés en contrat aidé et forme ses bénévoles.",
    "Le fonctionnement repose sur la confiance et la coopération plutôt que sur la concurrence.",
    "Elle mène aussi des actions de sensibilisation dans les collèges et les lycées.",
    "Une partie de l'activité est financée par des subventions, le reste par les cotisations.",
    "La gouvernance associe salariés, bénévoles, usagers et partenaires.",
    "L'écologie et la justice sociale y vont de pair.",
)
# One of these in about half of the entries: "solidaire" is the benchmark's common word.
SOLIDAIRE_SENTENCES = (
    "Le projet s'inscrit dans l'économie sociale et solidaire.",
    "Une démarche solidaire, ouverte à tous les habitants.",
    "L'association est membre d'un réseau régional de l'économie solidaire.",
    "Elle défend une consommation plus solidaire et plus responsable.",
    "Un tarif solidaire est proposé aux bénéficiaires des minima sociaux.",
    "La finance solidaire permet ici de financer des projets utiles au territoire.",
)
SOLIDAIRE_PROBABILITY = 0.45
# Each of these in about 5 % of the entries: the benchmark's rare words.
RARE_SENTENCES = (
    "Un rucher pédagogique a été installé sur le toit : l'apiculture y est enseignée aux enfants.",
    "Un vélo-cargo assure les livraisons dans le quartier.",
    "Le lombricompostage est expliqué lors d'ateliers mensuels.",
    "Une grainothèque permet d'échanger des semences paysannes.",
    "La permaculture inspire l'aménagement des parcelles.",
    "Une friperie propose des vêtements de seconde main à petits prix.",
    "Des cours d'alphabétisation sont proposés aux adultes allophones.",
    "Une ludothèque prête des jeux de société aux familles.",
    "Un atelier de sérigraphie est ouvert aux jeunes le mercredi.",
    "Une conciergerie de quartier rend de petits services aux habitants.",
    "Les tiers-lieux du territoire accueillent régulièrement ses ateliers.",
    "Un fablab met imprimantes 3D et découpeuse laser à disposition.",
    "Une épicerie participative vend des produits en vrac, sans emballage.",
    "Une médiatrice numérique aide aux démarches administratives en ligne.",
    "Une chorale intergénérationnelle répète chaque semaine.",
    "Des maraudes sont organisées l'hiver auprès des personnes sans abri.",
)
RARE_PROBABILITY = 0.05
CLOSING_SENTENCES = (
    "Pour nous rejoindre, il suffit de passer lors d'une permanence.",
    "Toute personne intéressée peut assister à une réunion d'accueil.",
    "Les bénévoles sont toujours les bienvenus.",
    "Renseignements et inscriptions lors des permanences du {jour}.",
)
SUMMARY_ENDINGS = (
    "Ouvert à tous les habitants.",
    "Adhésion à prix libre.",
    "Bénévoles bienvenus.",
)

STREET_TYPES = Weighted(
    [("rue", 55), ("avenue", 12), ("boulevard", 6), ("place", 5), ("allée", 6), ("chemin", 4),
     ("impasse", 4), ("quai", 2), ("square", 2), ("sentier", 1)]
)  # fmt: skip
STREET_NAMES = PERSONNES + (
    "de la République",
    "de la Paix",
    "des Écoles",
    "du Moulin",
    "de la Gare",
    "du Général-Leclerc",
    "de Verdun",
    "du 8-Mai-1945",
    "de la Libération",
    "des Lilas",
    "du Château",
    "de l'Église",
    "Pasteur",
    "Gambetta",
    "Voltaire",
    "Carnot",
    "Jean-Moulin",
    "Paul-Vaillant-Couturier",
    "Salvador-Allende",
    "des Marronniers",
    "de la Mairie",
    "du Marché",
    "des Vergers",
    "de Paris",
)


@dataclass(frozen=True, eq=False)
class KindProfile:
    """How entries of one kind are named and described; ``pattern`` finds the kind.

    Compared by identity (``eq=False``): profiles are dictionary keys on a hot path."""

    pattern: str
    weight: float
    names: tuple[str, ...]
    summaries: tuple[str, ...]
    sentences: tuple[str, ...]
    labels: tuple[str, ...]
    scopes: tuple[tuple[str, float], ...] = ()
    legal_forms: tuple[tuple[str, float], ...] = ()


# Matched in order against "-<slugified name>-<slug>-" of each kind found in the database.
KIND_PROFILES = (
    KindProfile(
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
            "Le panier change au fil des saisons : courges en hiver, tomates et haricots verts "
            "en été.",
            "Les prix sont fixés avec le paysan pour couvrir ses coûts et lui assurer un revenu "
            "décent.",
        ),
        labels=("Point de livraison", "Lieu de distribution", "Distribution des paniers"),
        scopes=(("quartier", 45), ("commune", 45), ("", 10)),
        legal_forms=(("association", 85), ("collectif", 12), ("", 3)),
    ),
    KindProfile(
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
            "Garde d'animaux, covoiturage, aide aux devoirs, couture : tout service peut "
            "s'échanger.",
            "Le SEL organise des rencontres avec les groupes voisins d'Île-de-France.",
        ),
        labels=("Permanence", "Bourse d'échanges", "Lieu de rencontre"),
        scopes=(("quartier", 40), ("commune", 50), ("", 10)),
        legal_forms=(("association", 70), ("collectif", 28), ("", 2)),
    ),
    KindProfile(
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
    ),
    KindProfile(
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
            "La plupart des bénéficiaires sont demandeurs d'emploi ou allocataires de minima "
            "sociaux.",
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
    ),
    KindProfile(
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
        scopes=(("en-ligne", 50), ("national", 20), ("region", 20), ("commune", 10)),
        legal_forms=(("association", 70), ("fondation", 10), ("collectif", 15), ("", 5)),
    ),
    KindProfile(
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
    ),
    KindProfile(
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
    ),
    KindProfile(
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
        legal_forms=(
            ("association", 50),
            ("scic", 15),
            ("entreprise-ess", 15),
            ("scop", 10),
            ("cooperative", 5),
            ("", 5),
        ),
    ),
    KindProfile(
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
    ),
    KindProfile(
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
    ),
    KindProfile(
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
            "Des objets mis en commun entre voisins pour consommer moins et se rencontrer "
            "davantage.",
        ),
        sentences=(
            "L'adhésion, à prix libre, donne accès à plus de {nombre} objets empruntables pour "
            "une semaine.",
            "Le dernier samedi du mois, le repair café accueille quiconque a un objet en panne.",
            "Un site internet recense les objets disponibles et permet de les réserver.",
            "Les dons d'objets en bon état sont les bienvenus.",
        ),
        labels=("Local de prêt", "Atelier", "Permanence"),
    ),
    KindProfile(
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
    ),
    KindProfile(
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
            "Les adhérents peuvent aussi réparer eux-mêmes leur voiture, accompagnés d'un "
            "mécanicien.",
            "Des véhicules sont loués quelques euros par jour pour se rendre à un entretien "
            "d'embauche ou à une formation.",
            "Les mécaniciens en contrat d'insertion préparent un titre professionnel.",
        ),
        labels=("Atelier", "Garage"),
    ),
    KindProfile(
        pattern=r"incubat|accompagnement|pepiniere",
        weight=5,
        names=(
            "Incubateur {de_commune}",
            "Pépinière d'entreprises sociales {de_lieu}",
            "Couveuse d'activités {de_commune}",
            "Coopérative d'activité et d'emploi {de_commune}",
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
            "Les projets accompagnés ont créé plusieurs centaines d'emplois dans l'économie "
            "sociale.",
        ),
        labels=("Bureaux", "Espace de coworking", "Siège"),
        scopes=(("departement", 35), ("region", 40), ("commune", 20), ("", 5)),
        legal_forms=(
            ("association", 40),
            ("entreprise-ess", 20),
            ("scic", 15),
            ("collectivite", 10),
            ("entreprise", 10),
            ("", 5),
        ),
    ),
)
# For kinds that match no profile (a new kind, or the test factories' "Type 3").
GENERIC_PROFILE = KindProfile(
    pattern=r"",
    weight=1,
    names=(
        "Association {de_lieu}",
        "Collectif {de_commune}",
        "Maison des initiatives {de_lieu}",
        "Les Amis {de_lieu}",
        "Association {personne}",
    ),
    summaries=(
        "Une association de quartier qui réunit les habitants {de_commune} autour de projets "
        "d'entraide et de partage.",
        "Un collectif d'habitants qui invente des réponses locales aux besoins du quartier.",
    ),
    sentences=(
        "L'association a été fondée par un groupe de voisins qui voulaient agir ensemble.",
        "Ses activités sont ouvertes à tous, quel que soit l'âge ou le revenu.",
        "Elle réunit chaque année plusieurs centaines de participants.",
    ),
    labels=("Local associatif", "Siège"),
)

LEGAL_FORMS: tuple[tuple[str, float], ...] = (
    (LegalForm.ASSOCIATION, 55), (LegalForm.COLLECTIF, 9), (LegalForm.ENTREPRISE_ESS, 7),
    (LegalForm.SCOP, 5), (LegalForm.SCIC, 5), (LegalForm.COOPERATIVE, 5),
    (LegalForm.FONDATION, 2), (LegalForm.MUTUELLE, 2), (LegalForm.COLLECTIVITE, 3),
    (LegalForm.ENTREPRISE, 3), ("", 4),
)  # fmt: skip
SCOPES: tuple[tuple[str, float], ...] = (
    (Scope.QUARTIER, 28), (Scope.COMMUNE, 34), (Scope.DEPARTEMENT, 14), (Scope.REGION, 9),
    (Scope.NATIONAL, 4), (Scope.EN_LIGNE, 3), ("", 8),
)  # fmt: skip
# Plain strings, not enum members: they are dictionary keys and COPY values.
PRINCIPLE_WEIGHTS = {
    Principle.COLLECTIVE.value: 30,
    Principle.FLAT.value: 15,
    Principle.SHARED_DECISIONS.value: 20,
    Principle.BENEFICIARIES.value: 18,
    Principle.FINANCIAL_BALANCE.value: 12,
    Principle.SHARING.value: 10,
    Principle.MAKING_AVAILABLE.value: 14,
}
PRINCIPLE_ORDER = {value: position for position, value in enumerate(Principle.values)}
PRINCIPLE_COUNTS = Weighted([(0, 18), (1, 24), (2, 26), (3, 20), (4, 12)])
KIND_COUNTS = Weighted([(1, 62), (2, 28), (3, 10)])
LOCATION_COUNTS = Weighted([(1, 40), (2, 35), (3, 25)])
# Paris and the petite couronne are heavier; a département not listed here weighs 4.
DEPARTEMENT_WEIGHTS = {
    "75": 26, "92": 14, "93": 15, "94": 11, "77": 9, "78": 9, "91": 8, "95": 8,
}  # fmt: skip
