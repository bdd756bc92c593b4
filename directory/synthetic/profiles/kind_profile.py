"""The description of how entries of one kind look."""

from __future__ import annotations

from dataclasses import dataclass


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
