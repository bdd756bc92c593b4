"""Names, summaries, descriptions and addresses of synthetic entries.

Descriptions mix three layers, so that words come up as often as in real text: sentences most
entries share (COMMON_SENTENCES, 25–65 % of entries), sentences of the kind and of the sector
(0.5–10 %), and ordinary French words drawn by their real frequency (wordfreq), which make the
long tail of rare words. Names and summaries are kept distinct within a run, as directories tell
namesakes apart: « AMAP des Lilas – Montreuil ».
"""

from __future__ import annotations

import random
import re

from directory.synthetic.french import a, article, de
from directory.synthetic.lexicon import french_words, people_pools
from directory.synthetic.places import Place
from directory.synthetic.profiles import KindProfile
from directory.synthetic.vocabulary.common import (
    COMMON_SENTENCES,
    NEIGHBOURHOOD_TYPES,
    SUMMARY_TAILS,
    THEME_TEMPLATES,
)
from directory.synthetic.vocabulary.placeholders import (
    JOURS,
    LIEUX,
    MONNAIES,
    NOMBRES,
    ORIGINES,
    PERSONNES,
    SURNOMS,
    UNITES,
)
from directory.synthetic.vocabulary.sentences import (
    CLOSING_SENTENCES,
    GENERIC_SENTENCES,
    RARE_PROBABILITY,
    RARE_SENTENCES,
    SOLIDAIRE_PROBABILITY,
    SOLIDAIRE_SENTENCES,
)
from directory.synthetic.vocabulary.streets import STREET_GENDERS, STREET_NAMES, STREET_TYPES

NAME_LENGTH = 200
SUMMARY_LENGTH = 300
# How many other versions of a name or summary are tried before a duplicate is accepted.
UNIQUE_ATTEMPTS = 4
_SLOT = re.compile(r"\{(?:w|de)([0-9])\}")


def _slots(template: str) -> int:
    return max((int(index) + 1 for index in _SLOT.findall(template)), default=0)


THEMES = tuple((template, _slots(template)) for template in THEME_TEMPLATES)
TAILS = tuple((template, _slots(template)) for template in SUMMARY_TAILS)


def limit(text: str, length: int) -> str:
    """Cut ``text`` to ``length`` characters at a word boundary, with an ellipsis."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class TextComposer:
    """Composes the texts of entries from ``rng``; Faker's pools are drawn once, from ``seed``."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        vocabulary = french_words()
        self.words = vocabulary.words
        self.cumulative = vocabulary.cumulative
        pools = people_pools(seed)
        self.first_names = pools.first_names
        self.last_names = pools.last_names
        self.seen_names: set[str] = set()
        self.seen_summaries: set[str] = set()

    # --- Pieces -----------------------------------------------------------------------------

    def drawn_words(self, count: int) -> dict[str, str]:
        """``count`` words by frequency, as ``w0``, ``w1``… and after « de » as ``de0``…"""
        if not count:
            return {}
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        slots = {f"w{index}": word for index, word in enumerate(words)}
        slots.update((f"de{index}", de(word)) for index, word in enumerate(words))
        return slots

    def person(self) -> str:
        """A person streets and places are named after, hyphenated: « Louise-Michel »."""
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(PERSONNES)
        last = rng.choice(self.last_names).replace(" ", "-")
        return f"{rng.choice(self.first_names)}-{last}"

    def neighbourhood(self) -> tuple[str, str]:
        """A neighbourhood and its gender: (« clos des Lilas », "m"), (« cité Mercier », "f")."""
        rng = self.rng
        kind, gender = rng.choice(NEIGHBOURHOOD_TYPES)
        draw = rng.random()
        if draw < 0.5:
            after = rng.choice(self.last_names)
        elif draw < 0.75:
            after = self.person()
        else:
            after = rng.choice(LIEUX)
        return f"{kind} {after}", gender

    def de_lieu(self) -> str:
        """« des Lilas », « du quartier Mercier », « de l'îlot Jean-Ferrat »."""
        if self.rng.random() < 0.4:
            return self.rng.choice(LIEUX)
        place, gender = self.neighbourhood()
        return de(article(place, gender))

    def street(self) -> tuple[str, str]:
        """A street and its type: (« rue Carpentier », "rue")."""
        rng = self.rng
        kind = STREET_TYPES.pick(rng)
        draw = rng.random()
        if draw < 0.4:
            name = rng.choice(STREET_NAMES)
        elif draw < 0.75:
            name = self.person()
        else:
            name = rng.choice(self.last_names)
        return f"{kind} {name}", kind

    def context(self, home: Place) -> dict[str, str]:
        """The values of the placeholders of one entry's texts."""
        rng = self.rng
        street, kind = self.street()
        return {
            "de_lieu": self.de_lieu(),
            "personne": self.person(),
            "surnom": rng.choice(SURNOMS),
            "monnaie": rng.choice(MONNAIES),
            "origine": rng.choice(ORIGINES),
            "unite": rng.choice(UNITES),
            "jour": rng.choice(JOURS),
            "nombre": rng.choice(NOMBRES),
            "commune": home.name,
            "de_commune": home.de_name,
            "a_commune": home.a_name,
            "de_rue": de(article(street, STREET_GENDERS.get(kind, "f"))),
            "a_rue": a(article(street, STREET_GENDERS.get(kind, "f"))),
        }

    # --- Texts ------------------------------------------------------------------------------

    def name(self, profile: KindProfile, context: dict[str, str]) -> str:
        """A name of the kind, distinct from the names already given in this run if it can be."""
        rng = self.rng
        template = rng.choice(profile.names)
        name = template.format_map(context)
        if "commune}" not in template and rng.random() < 0.25:
            # As directories tell namesakes apart: "Repair café des Tilleuls – Montreuil".
            name += f" – {context['commune']}"
        name = limit(name, NAME_LENGTH)
        for attempt in range(UNIQUE_ATTEMPTS):
            if name not in self.seen_names:
                break
            if attempt == 0 and context["commune"] not in name:
                name = limit(f"{name} – {context['commune']}", NAME_LENGTH)
            else:
                place, _ = self.neighbourhood()
                place = place[0].upper() + place[1:]  # « Clos des Lilas », not « Clos des lilas »
                name = limit(f"{template.format_map(context)} – {place}", NAME_LENGTH)
        self.seen_names.add(name)
        return name

    def summary(self, profile: KindProfile, context: dict[str, str]) -> str:
        """The kind's summary with a tail of its own (programme, place), distinct if it can be."""
        rng = self.rng
        base = rng.choice(profile.summaries)
        summary = base
        for _ in range(UNIQUE_ATTEMPTS):
            tail, slots = rng.choice(TAILS)
            values = {**context, **self.drawn_words(slots)}
            summary = limit(f"{base} {tail}".format_map(values), SUMMARY_LENGTH)
            if summary not in self.seen_summaries:
                break
        self.seen_summaries.add(summary)
        return summary

    def description(self, profile: KindProfile, context: dict[str, str]) -> str:
        rng = self.rng
        first = rng.sample(profile.sentences, min(len(profile.sentences), rng.randint(2, 3)))
        second = rng.sample(GENERIC_SENTENCES, rng.randint(1, 3))
        second.extend(sentence for sentence, share in COMMON_SENTENCES if rng.random() < share)
        # Drawn words go in after the placeholders are filled: they are text, not templates.
        second_text = " ".join(second).format_map(context)
        themes = []
        for _ in range(rng.randint(2, 4)):
            template, slots = rng.choice(THEMES)
            themes.append(template.format_map(self.drawn_words(slots)))
        second_text += " " + " ".join(themes)
        last = []
        if rng.random() < SOLIDAIRE_PROBABILITY:
            last.append(rng.choice(SOLIDAIRE_SENTENCES))
        last.extend(sentence for sentence in RARE_SENTENCES if rng.random() < RARE_PROBABILITY)
        if rng.random() < 0.4:
            last.append(rng.choice(CLOSING_SENTENCES))
        first_text = " ".join(first).format_map(context)
        paragraphs = [first_text, second_text]
        if last:
            paragraphs.append(" ".join(last).format_map(context))
        return "\n\n".join(paragraphs)

    def address(self) -> str:
        rng = self.rng
        street, _ = self.street()
        if rng.random() < 0.1:
            return street
        number = int(rng.expovariate(1 / 30)) + 1
        suffix = rng.choice((" bis", " ter")) if rng.random() < 0.06 else ""
        return f"{number}{suffix} {street}"
