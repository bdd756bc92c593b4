"""Make every message of the French catalog repeat its own text.

The directory is written in French: its catalog exists for French plural rules (0 and 1 take
the singular), so each ``msgstr`` is its ``msgid`` (``msgstr[1]`` its ``msgid_plural``). Run by
``make messages`` after ``makemessages``, whose fuzzy guesses it replaces.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# One entry: its comments, msgid, optional msgid_plural, and its msgstr lines.
STRING = r'"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*'
ENTRY = re.compile(
    rf"(?P<head>(?:#[^\n]*\n)*)msgid (?P<id>{STRING})\n"
    rf"(?:msgid_plural (?P<plural>{STRING})\n)?"
    rf"(?P<strs>(?:msgstr(?:\[\d\])? {STRING}\n?)+)"
)


def fill(text: str) -> str:
    def entry(match: re.Match[str]) -> str:
        head = (
            "".join(
                line + "\n"
                for line in match["head"].splitlines()
                # Fuzzy marks and the previous msgids they were guessed from go.
                if not line.startswith("#|")
            )
            .replace("#, fuzzy, ", "#, ")
            .replace("#, fuzzy\n", "")
        )
        if match["id"] == '""':
            return match[0]  # the header
        if match["plural"] is None:
            return f"{head}msgid {match['id']}\nmsgstr {match['id']}\n"
        return (
            f"{head}msgid {match['id']}\nmsgid_plural {match['plural']}\n"
            f"msgstr[0] {match['id']}\nmsgstr[1] {match['plural']}\n"
        )

    return ENTRY.sub(entry, text)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
