"""Reading what an operator types into a figure: Indonesian numbers ("1.250,5"),
whole Rupiah ("Rp1.250.000"), a grade ("BB") where the target is a grade.

Each function returns the value or raises :class:`InputError` with an Indonesian
message meant to be shown next to the figure."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sakip.rules import formula as formula_rules
from sakip.rules.decimals import quantize
from sakip.rules.formatting import format_decimal_trimmed
from sakip.rules.values import GRADES, Figure, parse_decimal

_RUPIAH_PREFIX = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)
_TRAILING_DASH = re.compile(r",\s*[-–]\s*$")

#: The largest figure a DecimalField(max_digits=20, decimal_places=6) holds.
MAX_FIGURE = Decimal("99999999999999")
#: Decimals a stored figure keeps (the DecimalField's decimal_places).
FIGURE_DECIMALS = 6
#: Most numbers one formula variable may list (a stdev over data points).
MAX_SERIES = 500
#: A list of numbers is typed with ";" (or one per line): "," is the decimal comma.
_SERIES_SEPARATOR = re.compile(r"[;\n]")
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


@dataclass(frozen=True)
class FormulaReading:
    """A formula indicator's realisasi computed from its typed variables."""

    value: Decimal  # as stored: at most FIGURE_DECIMALS decimals
    #: The inputs as stored on the Actual: plain decimal strings, a list for a series.
    stored: dict[str, str | list[str]]
    caption: str  # "Rumus: resolved ÷ total × 100 = 80 (resolved = 12; total = 15)"


def _read_variable(name: str, text: str) -> tuple[Decimal | tuple[Decimal, ...], str | list[str]]:
    if _SERIES_SEPARATOR.search(text):
        parts = [p.strip() for p in _SERIES_SEPARATOR.split(text)]
        parts = [p for p in parts if p]
        if len(parts) > MAX_SERIES:
            raise InputError(f"Variabel “{name}”: paling banyak {MAX_SERIES} nilai.")
        numbers: list[Decimal] = []
        for index, part in enumerate(parts, start=1):
            try:
                numbers.append(_checked(parse_decimal(part)))
            except ValueError as exc:
                raise InputError(f"Variabel “{name}”, nilai ke-{index}: {exc}") from exc
        return tuple(numbers), [str(n) for n in numbers]
    try:
        number = _checked(parse_decimal(text))
    except ValueError as exc:
        raise InputError(f"Variabel “{name}”: {exc}") from exc
    return number, str(number)


def _checked(value: Decimal) -> Decimal:
    if abs(value) > MAX_FIGURE:
        raise InputError("Angka terlalu besar.")
    return value


def read_formula(
    formula: str, names: Sequence[str], typed: Mapping[str, str]
) -> FormulaReading | None:
    """The realisasi of a formula indicator from its variables as typed ("12", "1,5", a
    series "3; 5; 7" for stdev), computed by the rules' evaluator. None when no variable
    was typed (the figure is typed directly, or cleared). A variable left empty, a
    number that cannot be read, or a formula that cannot be computed with these values
    (a division by 0, too few values for stdev) raises InputError in Indonesian."""
    texts = {name: (typed.get(name) or "").strip() for name in names}
    if not any(texts.values()):
        return None
    values: dict[str, Decimal | tuple[Decimal, ...]] = {}
    stored: dict[str, str | list[str]] = {}
    for name in names:
        if not texts[name]:
            raise InputError(f"Variabel “{name}” belum diisi.")
        values[name], stored[name] = _read_variable(name, texts[name])
    try:
        result = formula_rules.evaluate(formula, values)
    except formula_rules.FormulaError as exc:
        raise InputError(f"Rumus tidak dapat dihitung: {exc}") from exc
    if abs(result) > MAX_FIGURE:
        raise InputError("Hasil rumus terlalu besar.")
    # Stored with the figure's 6 decimals (its column's precision): rounding for display
    # happens later, by the policy.
    value = quantize(result, FIGURE_DECIMALS)
    return FormulaReading(value, stored, formula_rules.describe(formula, values, value))


def stored_inputs(stored: Mapping[str, object]) -> dict[str, Decimal | tuple[Decimal, ...]]:
    """An Actual's stored inputs back as numbers (entries that are not are left out)."""
    values: dict[str, Decimal | tuple[Decimal, ...]] = {}
    for name, raw in stored.items():
        try:
            if isinstance(raw, list):
                values[name] = tuple(Decimal(str(item)) for item in raw)
            elif isinstance(raw, str | int):
                values[name] = Decimal(str(raw))
        except ArithmeticError:
            continue
    return values


def shown_input(raw: object) -> str:
    """A stored input as the operator types it: "1,5", a series "3; 5; 7"."""
    values = stored_inputs({"v": raw}).get("v")
    if values is None:
        return ""
    if isinstance(values, tuple):
        return "; ".join(format_decimal_trimmed(v) for v in values)
    return format_decimal_trimmed(values)
