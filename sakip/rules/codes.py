"""Program/kegiatan/sub kegiatan codes of Permendagri 90/2019 (regulations.md §7.1).

``U.BB.PP.L.KK.SSSS``: urusan (1 digit), bidang urusan (2), program (2), level of
government (1: 1 = provinsi, 2 = kabupaten/kota), kegiatan (2), sub kegiatan (2 digits in
the original 2019 nomenclature, ``8.01.01.2.01.01``; 4 digits in the current
Kepmendagri/SIPD one, ``8.01.01.2.01.0001``). A code with 4 segments is not a level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["urusan", "bidang", "program", "kegiatan", "subkegiatan"]

#: Level by number of segments.
LEVELS: dict[int, Level] = {
    1: "urusan",
    2: "bidang",
    3: "program",
    5: "kegiatan",
    6: "subkegiatan",
}
#: Indonesian names of the levels.
LEVEL_LABELS: dict[Level, str] = {
    "urusan": "urusan",
    "bidang": "bidang urusan",
    "program": "program",
    "kegiatan": "kegiatan",
    "subkegiatan": "sub kegiatan",
}
# Allowed digit counts of each segment position.
_WIDTHS: tuple[frozenset[int], ...] = (
    frozenset({1}),
    frozenset({2}),
    frozenset({2}),
    frozenset({1}),
    frozenset({2}),
    frozenset({2, 4}),
)
_SEGMENT_NAMES = (
    "urusan",
    "bidang urusan",
    "program",
    "tingkat pemerintahan",
    "kegiatan",
    "sub kegiatan",
)
_DIGITS = frozenset("0123456789")


class CodeError(ValueError):
    """A code that is not a Permendagri 90/2019 code; the message is Indonesian."""


@dataclass(frozen=True)
class ProgramCode:
    segments: tuple[str, ...]
    level: Level

    @property
    def text(self) -> str:
        return ".".join(self.segments)

    @property
    def parent(self) -> str | None:
        """The code of the level above (sub kegiatan → kegiatan → program → bidang →
        urusan); None for an urusan."""
        if len(self.segments) == 1:
            return None
        parent_length = {2: 1, 3: 2, 5: 3, 6: 5}[len(self.segments)]
        return ".".join(self.segments[:parent_length])

    def is_ancestor_of(self, other: ProgramCode | str) -> bool:
        """True when ``other`` lies below this code (at any depth)."""
        code = other if isinstance(other, ProgramCode) else parse_code(other)
        mine = tuple(_number(s) for s in self.segments)
        theirs = tuple(_number(s) for s in code.segments)
        return len(theirs) > len(mine) and theirs[: len(mine)] == mine

    def __str__(self) -> str:
        return self.text


def _number(segment: str) -> int:
    return int(segment)


def parse_code(text: str) -> ProgramCode:
    """Read a code, e.g. ``"8.01.01.2.01.07"``; raise CodeError (Indonesian) otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise CodeError("Kode belum diisi.")
    code = text.strip()
    segments = tuple(code.split("."))
    if any(not s or any(c not in _DIGITS for c in s) for s in segments):
        raise CodeError(
            f"Kode “{code}” tidak sah: kode hanya berisi angka yang dipisahkan titik, "
            "misalnya 8.01.01.2.01.0001."
        )
    level = LEVELS.get(len(segments))
    if level is None:
        raise CodeError(
            f"Kode “{code}” memiliki {len(segments)} segmen; kode Permendagri 90/2019 "
            "memiliki 1 (urusan), 2 (bidang), 3 (program), 5 (kegiatan) atau 6 (sub kegiatan) "
            "segmen."
        )
    for position, segment in enumerate(segments):
        widths = _WIDTHS[position]
        if len(segment) not in widths:
            expected = " atau ".join(str(w) for w in sorted(widths))
            raise CodeError(
                f"Kode “{code}”: segmen {_SEGMENT_NAMES[position]} “{segment}” harus "
                f"{expected} digit."
            )
    if segments[0] == "0":
        raise CodeError(f"Kode “{code}”: urusan harus 1 sampai 9.")
    if len(segments) >= 4 and segments[3] not in ("1", "2"):
        raise CodeError(
            f"Kode “{code}”: segmen tingkat pemerintahan harus 1 (provinsi) atau 2 "
            "(kabupaten/kota)."
        )
    return ProgramCode(segments=segments, level=level)


def sort_key(code: str | ProgramCode) -> str:
    """A string that sorts codes naturally: each segment compared as a number, so
    ``…2.01.07`` and ``…2.01.0007`` sort alike and a parent before its children.
    Never raises (an unreadable code still gets a key).

    It is also what two codes are compared by: the 2019 and the SIPD forms of one sub
    kegiatan (``8.01.01.2.01.01``, ``8.01.01.2.01.0001``) and a mistyped
    ``8.01.01.2.01.1`` have one key, and an agency holds each key once."""
    text = code.text if isinstance(code, ProgramCode) else str(code).strip()
    keys = []
    for segment in text.split("."):
        if segment and all(c in _DIGITS for c in segment):
            keys.append(
                segment.lstrip("0").rjust(4, "0") if len(segment.lstrip("0")) <= 4 else segment
            )
        else:
            keys.append(segment)
    return ".".join(keys)


def check_level(code: ProgramCode, level: Level) -> None:
    """Raise CodeError (Indonesian) when ``code`` is not a code of ``level``:
    "8.01.01.2.01.01 adalah kode sub kegiatan, bukan kode kegiatan."."""
    if code.level != level:
        raise CodeError(
            f"{code.text} adalah kode {LEVEL_LABELS[code.level]}, bukan kode {LEVEL_LABELS[level]}."
        )


def check_parent(code: ProgramCode, parent: ProgramCode) -> None:
    """Raise CodeError (Indonesian) when ``code`` does not lie below ``parent`` in the
    nomenclature (a sub kegiatan below its kegiatan or program, ...)."""
    if not parent.is_ancestor_of(code):
        hint = f" Induknya seharusnya {code.parent}." if code.parent else ""
        raise CodeError(
            f"{code.text} tidak berada di bawah {LEVEL_LABELS[parent.level]} {parent.text}.{hint}"
        )
