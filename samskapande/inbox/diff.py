"""A word-level difference between what was signed and what now awaits signature."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    """A run of text that is the same ("same"), removed ("removed") or added ("added")."""

    kind: str
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """The pieces that turn `before` into `after`, word by word (whitespace kept)."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    pieces: list[Piece] = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("added", "".join(new[b1:b2])))
    return pieces
