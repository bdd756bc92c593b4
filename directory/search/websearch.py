"""A visitor's query read as PostgreSQL's ``websearch_to_tsquery`` reads it: alternatives
separated by ``or``, each the words and ``"quoted phrases"`` that an entry must hold, or must
not hold when a minus sign comes before them.

The Python twin of the tokenizer of ``websearch_to_tsquery`` (``gettoken_query_websearch`` in
PostgreSQL's ``tsquery.c``), for what the database cannot say: which words the visitor
excluded, so that no close spelling is offered that they exclude, and where each word stands,
so that the thesaurus widens only what the query asks for. ``tests/test_sql_twins.py`` checks
that the operands found here make the tsquery that PostgreSQL makes of the same text.
"""

from __future__ import annotations

from dataclasses import dataclass

QUOTE = '"'
NOT = "-"
# Characters of tsquery's own syntax: they end a word, and are skipped where a word may begin.
OPERATOR_CHARACTERS = frozenset("!&|()<:")


@dataclass(frozen=True)
class Operand:
    """A word or a quoted phrase of a query (its words, without the quotes), where it stands
    in the query's text (quotes included), and the minus signs before it."""

    text: str
    negations: int
    start: int
    end: int
    quoted: bool = False

    @property
    def negated(self) -> bool:
        """Whether the operand is excluded: after an odd number of minus signs."""
        return self.negations % 2 == 1


def _is_or(text: str, at: int) -> bool:
    """Whether ``or`` at ``at`` is the operator: a word of its own that is not the query's
    last (PostgreSQL's ``parse_or_operator``)."""
    if text[at : at + 2].lower() != "or":
        return False
    after = text[at + 2 : at + 3]
    if not after or after in "-_" or after.isalpha() or after.isdigit():
        return False
    return bool(text[at + 3 :].strip())


def _word_end(text: str, at: int) -> int:
    """Where the word that starts at ``at`` ends: at a space, a quote or an operator."""
    end = at
    while end < len(text) and not (
        text[end].isspace() or text[end] == QUOTE or text[end] in OPERATOR_CHARACTERS
    ):
        end += 1
    return end


def parse_websearch(text: str) -> tuple[tuple[Operand, ...], ...]:
    """The alternatives of ``text`` (separated by ``or``), each the operands an entry must
    match (all of them, the negated ones by not holding them).

    A minus sign excludes the word or quoted phrase that follows it, even after spaces
    (``- mot``); two exclude nothing. Inside quotes a minus sign is a mere character, as is an
    opening quote without a closing one; ``or`` separates alternatives between words, not
    inside quotes nor as the last word."""
    alternatives: list[tuple[Operand, ...]] = []
    operands: list[Operand] = []
    negations = 0  # minus signs before the next operand
    waiting_operand = True  # else after an operand, waiting for an operator (or a space)
    phrase: Operand | None = None  # inside quotes: the phrase, its words so far
    at = 0

    def close_phrase(end: int) -> None:
        nonlocal phrase
        assert phrase is not None
        operands.append(Operand(phrase.text.strip(), phrase.negations, phrase.start, end, True))
        phrase = None

    while at < len(text):
        char = text[at]
        if waiting_operand:
            if char == NOT:
                if phrase is None:  # (inside quotes, a mere character)
                    negations += 1
                at += 1
            elif char == QUOTE:
                if phrase is not None:
                    close_phrase(at + 1)
                    waiting_operand = False
                elif QUOTE in text[at + 1 :]:
                    phrase = Operand("", negations, at, at)
                    negations = 0
                at += 1
            elif char in OPERATOR_CHARACTERS or char.isspace():
                at += 1
            else:
                end = _word_end(text, at)
                if phrase is None:
                    operands.append(Operand(text[at:end], negations, at, end))
                    negations = 0
                else:
                    phrase = Operand(
                        f"{phrase.text} {text[at:end]}", phrase.negations, phrase.start, end
                    )
                waiting_operand = False
                at = end
        elif char == QUOTE:
            if phrase is None:
                waiting_operand = True  # an implicit "and" before a phrase that opens here
            else:
                close_phrase(at + 1)
                at += 1
        elif phrase is None and _is_or(text, at):
            alternatives.append(tuple(operands))
            operands = []
            waiting_operand = True
            at += 2
        elif char.isspace():
            at += 1
        else:
            waiting_operand = True  # an implicit "and" (or, inside quotes, the next word)
    alternatives.append(tuple(operands))
    return tuple(alternative for alternative in alternatives if alternative)


def exclusions(alternatives: tuple[tuple[Operand, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """For each alternative, the texts it excludes; none at all when one alternative
    excludes nothing (an entry it finds is found whatever it holds)."""
    excluded = tuple(
        tuple(operand.text for operand in alternative if operand.negated and operand.text)
        for alternative in alternatives
    )
    return excluded if excluded and all(excluded) else ()
