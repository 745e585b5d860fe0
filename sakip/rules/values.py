"""Targets and realisasi as documents print them (DOMAIN §3: "Targets come in many
shapes: numbers, percentages, a grade with a number ("B (70)", "BB"), a range
("80–90"), and compound ones ("2 Dokumen dan 10 Kec" is really two indicators)").

Indonesian documents write ``.`` for thousands and ``,`` for decimals, but a ``.``
decimal point also occurs ("65.22" in seed 003 Table 7). The rule used here: a ``.``
followed by exactly three digits (every such group) is a thousands separator
("1.000" = 1000, "32.351.024.068"), otherwise a single ``.`` is a decimal point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Literal

FigureKind = Literal["number", "range", "grade", "text", "empty"]

#: SAKIP evaluation grades, PermenPANRB 88/2021 (regulations.md §6.4), best first.
GRADES: tuple[str, ...] = ("AA", "A", "BB", "B", "CC", "C", "D")

#: Longest text read as a figure, and most digits in one number; longer is "text".
MAX_TEXT_LENGTH = 200
MAX_DIGITS = 30

_EMPTY_MARKS = frozenset({"", "-", "–", "—", "--", "n/a", "N/A"})
_NUMBER = r"[0-9]+(?:[.,][0-9]+)*"
_NUMBER_RE = re.compile(rf"(?P<sign>[-−])?(?P<num>{_NUMBER})")
_RUPIAH_RE = re.compile(r"^rp\s*\.?\s*", re.IGNORECASE)
_GRADE_RE = re.compile(rf"^(?P<grade>AA|A|BB|B|CC|C|D)\s*(?:\(\s*(?P<num>{_NUMBER})\s*\))?$")
_RANGE_RE = re.compile(
    rf"^(?P<lo>{_NUMBER})\s*(?P<lounit>%)?\s*(?:-|–|—|s/d|s\.d\.?|sampai)\s*"
    rf"(?P<hi>{_NUMBER})\s*(?P<unit>[^0-9]*)$",
    re.IGNORECASE,
)
_TRAILING_DASH_RE = re.compile(r",\s*[-–]\s*$")
_SINGLE_RE = re.compile(rf"^(?P<sign>[-−])?\s*(?P<num>{_NUMBER})\s*(?P<unit>[^0-9]*)$")
# "1. 355.982.300", "65, 22": stray spaces around a separator between digits.
_STRAY_SPACE_RE = re.compile(r"(?<=[0-9])\s*([.,])\s+(?=[0-9])|(?<=[0-9])\s+([.,])(?=[0-9])")


class Polarity(StrEnum):
    """Whether a higher or a lower realisasi is better (DOMAIN §3: lower is better is
    "progres negatif", e.g. standar deviasi potensi konflik, seed 000)."""

    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Figure:
    """A printed target or realisasi and the numbers it means.

    ``kind``: "number" (``value`` set), "range" (``low``/``high`` set, ``value`` None),
    "grade" (``grade`` set, ``value`` the number in brackets if any), "text" (not a
    figure, e.g. a compound target), "empty" (nothing, "-"). ``text`` is the original.
    """

    kind: FigureKind
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    grade: str | None = None
    unit: str | None = None
    text: str = ""

    @property
    def is_numeric(self) -> bool:
        """True when the figure carries a number or a range to compute with."""
        return self.value is not None or (self.low is not None and self.high is not None)


def _number(text: str) -> Decimal | None:
    """A number written with Indonesian (or unambiguous English) separators, or None."""
    digits = sum(c.isdigit() for c in text)
    if digits == 0 or digits > MAX_DIGITS:
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        if text.count(decimal_sep) != 1:
            return None
        whole, fraction = text.split(decimal_sep)
        if not _is_grouped(whole, thousands_sep):
            return None
        plain = whole.replace(thousands_sep, "") + "." + fraction
    elif dots or commas:
        sep = "." if dots else ","
        groups = text.split(sep)
        thousands = all(len(g) == 3 for g in groups[1:]) and not groups[0].startswith("0")
        if thousands and (sep == "." or len(groups) > 2):
            # "1.000", "32.351.024.068", "122952.700"; "1,234,567" (English thousands).
            plain = "".join(groups)
        elif len(groups) == 2:
            # "65,22", "0,015", "65.22": a single decimal separator.
            plain = groups[0] + "." + groups[1]
        else:
            return None
    else:
        plain = text
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return None


def _is_grouped(whole: str, sep: str) -> bool:
    groups = whole.split(sep)
    return len(groups[0]) >= 1 and all(len(g) == 3 for g in groups[1:])


def _clean_unit(unit: str) -> str | None:
    unit = " ".join(unit.split())
    return unit or None


def _is_unit(unit: str | None) -> bool:
    """A unit names something: it has a letter or is a percent ("59,97-" has none)."""
    return unit is None or any(c.isalpha() or c == "%" for c in unit)


def _normalise(text: str) -> str:
    text = " ".join(text.replace("\u00a0", " ").split())
    return _STRAY_SPACE_RE.sub(lambda m: m.group(1) or m.group(2), text)


def parse_figure(text: str | None) -> Figure:
    """Read a printed target/realisasi. Never raises for any ``str`` (or None).

    >>> parse_figure("73 %").value, parse_figure("73 %").unit
    (Decimal('73'), '%')
    """
    if text is None:
        return Figure(kind="empty", text="")
    if not isinstance(text, str):
        raise TypeError("parse_figure menerima teks (str)")
    return _parse_text(str(text))


# A report reads the same few texts ("100", "BB", "") thousands of times; a Figure is
# frozen, so one parse per distinct text is enough.
@lru_cache(maxsize=8192)
def _parse_text(text: str) -> Figure:
    original = text
    if len(text) > MAX_TEXT_LENGTH:
        return Figure(kind="text", text=original)
    cleaned = _normalise(text)
    if cleaned in _EMPTY_MARKS:
        return Figure(kind="empty", text=original)
    if cleaned.startswith("(") and cleaned.endswith(")") and cleaned.count("(") == 1:
        # "(87,69%)": a figure printed in brackets beside its sentence.
        cleaned = cleaned[1:-1].strip()

    rupiah = _RUPIAH_RE.match(cleaned)
    if rupiah:
        # "Rp. 7.112.162.360", "Rp.1. 355.982.300", "Rp. 514.554.900,-"
        rest = _TRAILING_DASH_RE.sub("", cleaned[rupiah.end() :])
        match = _SINGLE_RE.match(rest)
        if match and _clean_unit(match.group("unit")) is None:
            value = _number(match.group("num"))
            if value is not None:
                return Figure(
                    kind="number",
                    value=-value if match.group("sign") else value,
                    unit="Rp",
                    text=original,
                )
        return Figure(kind="text", text=original)

    grade = _GRADE_RE.match(cleaned)
    if grade:
        number = grade.group("num")
        value = _number(number) if number else None
        if number and value is None:
            return Figure(kind="text", text=original)
        return Figure(kind="grade", value=value, grade=grade.group("grade"), text=original)

    span = _RANGE_RE.match(cleaned)
    if span:
        low, high = _number(span.group("lo")), _number(span.group("hi"))
        unit = _clean_unit(span.group("unit"))
        if span.group("lounit") and unit is None:
            unit = "%"
        if low is not None and high is not None and _is_unit(unit):
            low, high = min(low, high), max(low, high)
            return Figure(kind="range", low=low, high=high, unit=unit, text=original)
        return Figure(kind="text", text=original)

    single = _SINGLE_RE.match(cleaned)
    if single:
        value = _number(single.group("num"))
        unit = _clean_unit(single.group("unit"))
        if value is not None and _is_unit(unit):
            if single.group("sign"):
                value = -value
            return Figure(kind="number", value=value, unit=unit, text=original)
    return Figure(kind="text", text=original)


def parse_decimal(text: str) -> Decimal:
    """Strict reading of a typed number ("65,22", "1.250", "-3", "1.234.567,89").

    Raises ``ValueError`` with an Indonesian message for anything else: units, text,
    ranges, empty input.
    """
    if not isinstance(text, str):
        raise TypeError("parse_decimal menerima teks (str)")
    cleaned = text.strip().replace("\u00a0", "")
    if not cleaned:
        raise ValueError("Angka belum diisi.")
    match = _NUMBER_RE.fullmatch(cleaned)
    value = _number(match.group("num")) if match else None
    if match is None or value is None:
        if sum(c.isdigit() for c in cleaned) > MAX_DIGITS:
            raise ValueError(f"Angka terlalu panjang (lebih dari {MAX_DIGITS} digit).")
        raise ValueError(
            f"“{text.strip()[:40]}” bukan angka yang sah. Tulis misalnya 65,22 atau 1.250."
        )
    return -value if match.group("sign") else value
