"""Reading the Kepmendagri nomenclature from its XLSX layout, and checking Renja codes
against a year's edition.

The published workbooks (and the SIPD exports Pemdas receive) put a header row near
the top with a "Kode" column (one column holding ``1.01.01.2.01.0001``, or one column
per segment under a merged "Kode" heading) followed by the nomenclature column
("Nomenklatur …", "Uraian" or "Nama"); title rows above and heading rows without a
code are skipped. Official forms are read with openpyxl directly (ENGINEERING.md)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sakip.accounts.models import User
from sakip.nomenclature.models import Edition, Entry
from sakip.rules import nomenclature as rules
from sakip.setup.excel import Problem, UploadError

NAME_HEADERS = ("nomenklatur", "uraian", "nama")
#: Digits of each segment when the layout gives segments as numbers in their own cells.
SEGMENT_WIDTHS = (1, 2, 2, 1, 2, 4)


@dataclass(frozen=True)
class Row:
    number: int
    code: rules.ReferenceCode
    name: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _segment(value: Any, position: int) -> str:
    text = _text(value)
    if isinstance(value, (int, float)) and position < len(SEGMENT_WIDTHS):
        return text.rjust(SEGMENT_WIDTHS[position], "0")
    return text


def read(content: bytes) -> list[Row]:
    """Every coded row of the workbook's first sheet with a "Kode" header; raises
    UploadError naming the sheet, row and column of every problem."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise UploadError(
            [Problem("-", None, None, "Berkas bukan berkas Excel (.xlsx) yang dapat dibaca.")]
        ) from exc
    try:
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            for index, values in enumerate(rows[:20]):
                texts = [_text(v).casefold() for v in values]
                code_col = next((i for i, t in enumerate(texts) if t.startswith("kode")), None)
                if code_col is None:
                    continue
                name_col = next(
                    (
                        i
                        for i, t in enumerate(texts)
                        if i > code_col and any(t.startswith(h) for h in NAME_HEADERS)
                    ),
                    None,
                )
                if name_col is None:
                    continue
                return _rows(sheet.title, rows, index + 1, code_col, name_col)
        raise UploadError(
            [
                Problem(
                    book.sheetnames[0] if book.sheetnames else "-",
                    None,
                    None,
                    "Tidak ditemukan baris judul dengan kolom “Kode” dan kolom “Nomenklatur”/"
                    "“Uraian” dalam 20 baris pertama.",
                )
            ]
        )
    finally:
        book.close()


def _rows(
    sheet: str, rows: list[tuple[Any, ...]], start: int, code_col: int, name_col: int
) -> list[Row]:
    found: list[Row] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    code_letter = get_column_letter(code_col + 1)
    for number, values in enumerate(rows[start:], start=start + 1):
        cells = list(values) + [None] * (name_col + 1 - len(values))
        parts = [_segment(v, i) for i, v in enumerate(cells[code_col:name_col]) if _text(v) != ""]
        if not parts:
            continue
        raw = parts[0] if len(parts) == 1 else ".".join(parts)
        name = _text(cells[name_col])
        try:
            code = rules.parse_reference_code(raw)
        except rules.ReferenceCodeError as error:
            if number == start + 1 and not any(c.isdigit() for c in raw):
                continue  # a second heading row (column numbers or "U BU P K SK")
            problems.append(Problem(sheet, number, f"{code_letter} (Kode)", str(error)))
            continue
        if not name:
            problems.append(
                Problem(sheet, number, get_column_letter(name_col + 1), "Nomenklatur kosong.")
            )
            continue
        if code.key in seen:
            problems.append(
                Problem(
                    sheet,
                    number,
                    f"{code_letter} (Kode)",
                    f"Kode {code.text} sudah ada di baris {seen[code.key]}.",
                )
            )
            continue
        seen[code.key] = number
        found.append(Row(number, code, name))
    if problems:
        raise UploadError(problems)
    if not found:
        raise UploadError([Problem(sheet, None, None, "Tidak ada baris berkode.")])
    return found


@transaction.atomic
def save_edition(year: int, name: str, rows: Iterable[Row], actor: User | None) -> Edition:
    """The year's edition becomes exactly ``rows`` (an edition is replaced whole)."""
    edition, _ = Edition.objects.update_or_create(
        year=year, defaults={"name": name, "imported_by": actor}
    )
    edition.entries.all().delete()
    Entry.objects.bulk_create(
        (
            Entry(
                edition=edition,
                code=row.code.text,
                key=row.code.key,
                level=row.code.level,
                name=row.name,
                urusan=row.code.segments[0],
                bidang=".".join(row.code.segments[:2]) if len(row.code.segments) > 1 else "",
            )
            for row in rows
        ),
        batch_size=1000,
    )
    return edition


def index_for(year: int) -> rules.ReferenceIndex | None:
    """The year's reference list (one query), or None when none was imported."""
    codes = list(Entry.objects.filter(edition__year=year).values_list("code", flat=True))
    if not codes:
        return None
    return rules.ReferenceIndex(rules.parse_reference_code(c) for c in codes)


def unknown_codes(year: int, codes: Iterable[str]) -> dict[str, list[str]]:
    """Each of ``codes`` that is not in the year's list, with the nearest valid codes;
    empty when the year has no list (nothing to check against)."""
    index = index_for(year)
    if index is None:
        return {}
    return {
        code: [r.text for r in index.nearest(code)] for code in codes if index.find(code) is None
    }
