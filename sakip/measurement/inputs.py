"""Reading what an operator types into a figure: Indonesian numbers ("1.250,5"),
whole Rupiah ("Rp1.250.000"), a grade ("BB") where the target is a grade.

Each function returns the value or raises :class:`InputError` with an Indonesian
message meant to be shown next to the figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sakip.rules.values import GRADES, Figure, parse_decimal

_RUPIAH_PREFIX = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)
_TRAILING_DASH = re.compile(r",\s*[-–]\s*$")

#: The largest figure a DecimalField(max_digits=20, decimal_places=6) holds.
MAX_FIGURE = Decimal("99999999999999")
MAX_RUPIAH = 9_223_372_036_854_775_807  # BigIntegerField


class InputError(ValueError):
    """A typed figure that cannot be read."""


@dataclass(frozen=True)
class KInput:
    """A realisasi as typed: a number, a grade (text only), or nothing."""

    value: Decimal | None
    text: str

    @property
    def empty(self) -> bool:
        return self.value is None and not self.text


def read_figure(raw: str | None, target: Figure | None = None) -> KInput:
    """An indicator's realisasi. Empty input clears the figure. A grade (AA…D) is
    accepted only where the target is a grade."""
    text = (raw or "").strip()
    if not text:
        return KInput(None, "")
    grade = text.upper()
    if grade in GRADES:
        if target is not None and target.kind == "grade":
            return KInput(None, grade)
        raise InputError(f"“{text}” adalah predikat; indikator ini diisi dengan angka.")
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if abs(value) > MAX_FIGURE:
        raise InputError("Angka terlalu besar.")
    if value.as_tuple().exponent < -6:  # type: ignore[operator]
        raise InputError("Paling banyak 6 angka di belakang koma.")
    return KInput(value, "")


def read_rupiah(raw: str | None) -> int | None:
    """A realisasi anggaran in whole Rupiah: "1.250.000", "Rp1.250.000", "Rp 1.250.000,-".
    Empty input clears the figure."""
    text = _TRAILING_DASH.sub("", _RUPIAH_PREFIX.sub("", (raw or "").strip()))
    if not text:
        return None
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if value != value.to_integral_value():
        raise InputError("Rupiah ditulis tanpa sen, misalnya 1.250.000.")
    if abs(value) > MAX_RUPIAH:
        raise InputError("Angka terlalu besar.")
    return int(value)


def read_decimal_or_empty(raw: str | None, label: str) -> Decimal | None:
    """A target typed into the Rencana Aksi editor; empty means "no target"."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        value = parse_decimal(text)
    except ValueError as exc:
        raise InputError(f"{label}: {exc}") from exc
    if abs(value) > MAX_FIGURE:
        raise InputError(f"{label}: angka terlalu besar.")
    if value.as_tuple().exponent < -6:  # type: ignore[operator]
        raise InputError(f"{label}: paling banyak 6 angka di belakang koma.")
    return value


def read_text(raw: str | None, label: str) -> str:
    """A free text (an explanation, a reason, a narrative, an action), stripped. A NUL
    character (pasted from another program) cannot be stored in PostgreSQL: it is
    refused with a message, so the form is shown again with what was typed."""
    text = (raw or "").strip()
    if "\x00" in text:
        raise InputError(
            f"{label} memuat karakter NUL (karakter tak terlihat, biasanya ikut tersalin dari "
            "program lain) yang tidak dapat disimpan. Hapus karakter itu (tampil sebagai �) "
            "lalu simpan lagi."
        )
    return text
