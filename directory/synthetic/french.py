"""French elision and contraction of « de », « le/la » and « à » before a word or a name.

    de("Herblay") == "d'Herblay"          de("le Vexin") == "du Vexin"
    de("les Lilas") == "des Lilas"        de("l'Essonne") == "de l'Essonne"
    article("AMAP", "f") == "l'AMAP"      article("Hurepoix", "m") == "le Hurepoix"

A leading vowel or mute h elides (« d'Herblay », « l'hiver »); an aspirated h does not
(« de Houilles », « le hameau »): the few aspirated-h words the generator meets are listed.
"""

from __future__ import annotations

import re

VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
# Words and names whose h is aspirated (no elision, no liaison). Compared lower-case, as
# prefixes of the word up to its first hyphen or space.
ASPIRATED_H = frozenset(
    {
        "hache", "haie", "haine", "hall", "halle", "halte", "hamac", "hameau", "hamster",
        "hanche", "handicap", "hangar", "hardi", "haricot", "harpe", "hasard", "hausse",
        "haut", "haute", "hautes", "hauts", "havre", "héron", "héros", "hêtre", "hibou",
        "hockey", "homard", "honte", "hors", "hotte", "houx", "hublot", "huit", "hurepoix",
        "hutte", "houilles", "houdan", "hardricourt",
    }
)  # fmt: skip
# Lower-case articles as they begin a phrase; capitalised ones (« La Courneuve », « Le Pecq »)
# belong to a name but contract all the same, except « La » and « L' » which stay as they are.
_LEADING_ARTICLE = re.compile(r"^(le|les|Le|Les) (?=\S)")


def elides(word: str) -> bool:
    """Whether a preceding « de », « le », « la » or « que » elides before ``word``."""
    if not word:
        return False
    first = word[0]
    if first in VOWELS:
        return True
    if first in "hH":
        head = re.split(r"[\s'’]", word.lower(), maxsplit=1)[0]
        return head not in ASPIRATED_H and head.split("-", 1)[0] not in ASPIRATED_H
    return False


def de(phrase: str) -> str:
    """``phrase`` after the preposition « de »: « du », « des », « d' » or « de »."""
    match = _LEADING_ARTICLE.match(phrase)
    if match:
        rest = phrase[match.end() :]
        return ("du " if match.group(1).lower() == "le" else "des ") + rest
    return f"d'{phrase}" if elides(phrase) else f"de {phrase}"


def a(phrase: str) -> str:
    """``phrase`` after the preposition « à »: « au », « aux » or « à »."""
    match = _LEADING_ARTICLE.match(phrase)
    if match:
        rest = phrase[match.end() :]
        return ("au " if match.group(1).lower() == "le" else "aux ") + rest
    return f"à {phrase}"


def article(noun: str, gender: str = "m", *, plural: bool = False) -> str:
    """``noun`` with its definite article: « le », « la », « les » or « l' »."""
    if plural:
        return f"les {noun}"
    if elides(noun):
        return f"l'{noun}"
    return f"{'la' if gender == 'f' else 'le'} {noun}"
