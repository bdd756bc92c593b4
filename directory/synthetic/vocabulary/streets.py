"""Street types and names for addresses."""

from directory.synthetic.vocabulary.placeholders import PERSONNES
from directory.synthetic.weighted import Weighted

STREET_TYPES = Weighted(
    [("rue", 55), ("avenue", 12), ("boulevard", 6), ("place", 5), ("allée", 6), ("chemin", 4),
     ("impasse", 4), ("quai", 2), ("square", 2), ("sentier", 1)]
)  # fmt: skip
# For « près de la rue », « près du boulevard », « près de l'allée ».
STREET_GENDERS = {
    "rue": "f", "avenue": "f", "boulevard": "m", "place": "f", "allée": "f", "chemin": "m",
    "impasse": "f", "quai": "m", "square": "m", "sentier": "m",
}  # fmt: skip
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
