"""How each kind of cell is read from and written to Excel (django-import-export widgets).

Every ``clean`` raises ``ValueError`` with an Indonesian message: django-import-export
turns it into an error of that row and column. Numbers come as Excel numbers or as
Indonesian text ("1.234.567", "87,5", read by sakip.rules.values.parse_decimal)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from import_export import widgets

from sakip.rules import nip as nip_rules
from sakip.rules import values as value_rules
from sakip.rules.formatting import format_decimal_trimmed


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class TextWidget(widgets.CharWidget):
    """Text; an Excel number typed into a text column (a code "1", a year) is read as
    the digits it shows, never "1.0"."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if _blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class NipWidget(TextWidget):
    """A NIP must reach us as its 18 digits: Excel keeps only 15 significant digits of
    a number, so a NIP typed as a number has already lost its last digits."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError(
                "NIP terbaca sebagai angka, sehingga Excel sudah membulatkan digit "
                "terakhirnya. Format kolom NIP sebagai Teks lalu ketik ulang NIP-nya."
            )
        # As the record stores it (the 18 digits), so an unchanged NIP typed with
        # spaces is not reported as a change.
        return nip_rules.normalise_nip(super().clean(value, row, **kwargs))


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, written as its label; its stored value is accepted too
    (case and spacing ignored)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]], blank: bool = True) -> None:
        self.choices = [(str(value), str(label)) for value, label in choices]
        self.blank = blank
        super().__init__()

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if _blank(value):
            if self.blank:
                return ""
            raise ValueError("Wajib diisi.")
        typed = " ".join(str(value).split()).casefold().rstrip(".")
        for stored, label in self.choices:
            # The value, the label, or the label's name before its bracket: "IV/c",
            # "Pembina Utama Muda (IV/c)", "Pembina Utama Muda"; "Plt." for "Plt. (…)".
            forms = {stored, label, label.split(" (", 1)[0]}
            if typed in {f.casefold().rstrip(".") for f in forms}:
                return stored
        raise ValueError(
            f"“{str(value)[:60]}” bukan pilihan yang sah. Pilih salah satu: "
            + "; ".join(self.labels)
            + "."
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return dict(self.choices).get(str(value), "" if value is None else str(value))


class YesNoWidget(widgets.Widget):
    YES = ("ya", "y", "yes", "true", "1", "benar")
    NO = ("tidak", "t", "no", "false", "0", "salah")

    def __init__(self, default: bool) -> None:
        self.default = default
        super().__init__()

    labels = ["Ya", "Tidak"]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if _blank(value):
            return self.default
        if isinstance(value, bool):
            return value
        typed = str(value).strip().casefold()
        if typed.endswith(".0"):
            typed = typed[:-2]
        if typed in self.YES:
            return True
        if typed in self.NO:
            return False
        raise ValueError(f"Isi “Ya” atau “Tidak”, bukan “{str(value)[:40]}”.")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "Ya" if value else "Tidak"


def read_decimal(value: Any) -> Decimal | None:
    """An Excel number or Indonesian text ("1.234.567", "87,5") as an exact Decimal."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError("Isi angka, bukan Ya/Tidak.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # Excel stores binary floats: the shortest text that reads back as the same
        # float is what the user typed (87.5, not 87.5000000000000001).
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return value_rules.parse_decimal(str(value))


class DecimalWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        return read_decimal(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class WholeNumberWidget(widgets.Widget):
    """A whole number: a year, an ordinal, a Rupiah amount."""

    def __init__(self, minimum: int | None = 0) -> None:
        self.minimum = minimum
        super().__init__()

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        number = read_decimal(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f"Harus bilangan bulat, bukan {value}.")
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"Tidak boleh kurang dari {self.minimum}.")
        return int(number)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class DateWidget(widgets.Widget):
    """An Excel date, or text as 31/12/2024 or 2024-12-31."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"“{text[:40]}” bukan tanggal. Tulis misalnya 31/12/2024.")

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class CodeWidget(widgets.Widget):
    """A related record named by its code, looked up only among the records the
    importing Pemda owns. The lookup table is read once per import (and again only when
    a code is not found, as a row above may just have added it), so a sheet of thousands
    of rows costs one query here, not one per row.

    ``within`` names the column that narrows the code (a unit code is unique only
    inside its agency): the key is then "that column's code/this code"."""

    def __init__(
        self,
        queryset: Callable[[], QuerySet[Any]],
        noun: str,
        key: Callable[[Any], str] = lambda obj: str(obj.code),
        within: str | None = None,
        required: bool = True,
    ) -> None:
        self.queryset = queryset
        self.noun = noun
        self.key = key
        self.within = within
        self.required = required
        self._table: dict[str, Model] | None = None
        super().__init__()

    def table(self, reload: bool = False) -> dict[str, Model]:
        if self._table is None or reload:
            self._table = {self.key(obj).casefold(): obj for obj in self.queryset()}
        return self._table

    def choices(self) -> list[str]:
        return sorted({self.key(obj).rsplit("/", 1)[-1] for obj in self.table().values()})

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Model | None:
        code = TextWidget().clean(value)
        if not code:
            if self.required:
                raise ValueError(f"Kode {self.noun} wajib diisi.")
            return None
        key = code
        if self.within is not None:
            key = f"{TextWidget().clean((row or {}).get(self.within))}/{code}"
        found = self.table().get(key.casefold()) or self.table(reload=True).get(key.casefold())
        if found is None:
            where = f" di {self.within} “{key.rsplit('/', 1)[0]}”" if self.within else ""
            raise ValueError(f"Tidak ada {self.noun} dengan kode “{code[:60]}”{where}.")
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value.code)


class FigureTextWidget(widgets.Widget):
    """A target as written: a number (an Excel number becomes its Indonesian text,
    87.5 → "87,5"), a grade ("BB"), a range ("80–90"). The numbers it means are read
    by the model (IndicatorTarget.set_from_text)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if _blank(value):
            return ""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            number = read_decimal(value)
            return format_decimal_trimmed(number)
        return " ".join(str(value).split())

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value
