"""The national reference list of program / kegiatan / sub kegiatan codes
(Permendagri 90/2019 and its Kepmendagri updates, e.g. 050-5889/2021; regulations.md
§7.1): how its codes are read, whether a Renja code is in it, and which valid codes
are nearest to one that is not.

The list writes programs shared by every bidang with placeholders, ``X.XX.01``
("Program Penunjang Urusan Pemerintahan Daerah"); an agency's Renja writes them with its
own urusan and bidang (``8.01.01``). A placeholder segment therefore matches any
number there."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from sakip.rules.codes import LEVELS, Level, sort_key

_DIGITS = frozenset("0123456789")
#: The urusan and bidang placeholders of the reference list.
PLACEHOLDERS = {0: "X", 1: "XX"}


class ReferenceCodeError(ValueError):
    """A cell of the reference list that is not a code; the message is Indonesian."""


@dataclass(frozen=True)
class ReferenceCode:
    segments: tuple[str, ...]
    level: Level

    @property
    def text(self) -> str:
        return ".".join(self.segments)

    @property
    def key(self) -> str:
        """Compared numerically per segment (``…01.01`` = ``…01.0001``), placeholders kept."""
        return ".".join(s.upper() if not set(s) <= _DIGITS else sort_key(s) for s in self.segments)


def parse_reference_code(text: str) -> ReferenceCode:
    code = "".join(str(text).split()).rstrip(".")
    segments = tuple(code.split("."))
    if not code:
        raise ReferenceCodeError("Kode kosong.")
    for index, segment in enumerate(segments):
        placeholder = PLACEHOLDERS.get(index)
        if placeholder is not None and segment.upper() == placeholder:
            continue
        if not segment or not set(segment) <= _DIGITS:
            raise ReferenceCodeError(
                f"“{code}” bukan kode nomenklatur: tiap segmen berupa angka (atau X/XX "
                "untuk urusan/bidang pada program penunjang), dipisahkan titik."
            )
    level = LEVELS.get(len(segments))
    if level is None:
        raise ReferenceCodeError(
            f"“{code}” memiliki {len(segments)} segmen; kode nomenklatur memiliki 1, 2, 3, 5 "
            "atau 6 segmen."
        )
    return ReferenceCode(segments, level)


def _pattern(code: str) -> tuple[str, ...]:
    return tuple(
        s.upper() if not set(s) <= _DIGITS else sort_key(s) for s in code.strip().split(".")
    )


def matches(code: str, reference: ReferenceCode) -> bool:
    """True when a Renja ``code`` is the reference entry (placeholders match any number)."""
    mine = _pattern(code)
    theirs = _pattern(reference.text)
    if len(mine) != len(theirs):
        return False
    return all(t in ("X", "XX") or m == t for m, t in zip(mine, theirs, strict=True))


def find(code: str, references: Iterable[ReferenceCode]) -> ReferenceCode | None:
    for reference in references:
        if matches(code, reference):
            return reference
    return None


def nearest(code: str, references: Iterable[ReferenceCode], limit: int = 3) -> list[ReferenceCode]:
    """The valid codes of the same level nearest to ``code``: those sharing the longest
    leading segments first, then the most similar text (a typo, two digits swapped)."""
    mine = _pattern(code)
    scored = []
    for reference in references:
        theirs = _pattern(reference.text)
        if len(theirs) != len(mine):
            continue
        shared = 0
        for m, t in zip(mine, theirs, strict=True):
            if t in ("X", "XX") or m == t:
                shared += 1
            else:
                break
        similarity = difflib.SequenceMatcher(None, ".".join(mine), ".".join(theirs)).ratio()
        scored.append((-shared, -similarity, reference.key, reference))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


class ReferenceIndex:
    """A year's reference list, indexed so that checking thousands of Renja codes costs
    a set look-up each (the list has some 20,000 entries)."""

    def __init__(self, references: Iterable[ReferenceCode]) -> None:
        self.references = list(references)
        self.by_key = {r.key: r for r in self.references}

    def __len__(self) -> int:
        return len(self.references)

    def find(self, code: str) -> ReferenceCode | None:
        pattern = _pattern(code)
        exact = self.by_key.get(".".join(pattern))
        if exact is not None or len(pattern) < 2:
            return exact
        return self.by_key.get(".".join(("X", "XX", *pattern[2:])))

    def nearest(self, code: str, limit: int = 3) -> list[ReferenceCode]:
        return nearest(code, self.references, limit)
