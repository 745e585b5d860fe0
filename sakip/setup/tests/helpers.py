"""Building upload workbooks in tests the way a user fills the template."""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook


def filled(template: bytes, rows: list[list[Any]], sheet: str = "Data") -> bytes:
    """The template with ``rows`` typed into its Data sheet from row 2."""
    book = load_workbook(io.BytesIO(template))
    data = book[sheet]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            data.cell(row=r, column=c).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def sheet_rows(content: bytes, sheet: str = "Data") -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    rows = [tuple(r) for r in book[sheet].iter_rows(values_only=True)]
    return [r for r in rows if any(v not in (None, "") for v in r)]


def five_year_columns(*numbering: str, start: int = 2025) -> list[str]:
    """The columns of a five-year plan's sheet (RPJMD, Renstra) from ``start``, in order:
    its numbering columns ("No. misi", "No. tujuan", …), then the row's own."""
    years = [f"Target {year}" for year in range(start, start + 5)]
    return [
        *numbering,
        "Uraian",
        "Indikator",
        "Satuan",
        "Arah",
        "Penggabungan tahun",
        "Kondisi awal",
        *years,
        "Kondisi akhir",
    ]


def row_form(columns: list[str], **cells: object) -> dict[str, str]:
    """A row editor's form data (fields c0, c1, … in the sheet's column order) with
    ``cells`` typed into the named columns."""
    return {f"c{columns.index(name)}": str(value) for name, value in cells.items()}


def shown(client: Any, url: str) -> dict[str, str]:
    """The row stamp a plan row's screen (edit or delete) shows at ``url``, as its form
    sends it back: what a browser posts after opening the page."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = stamp_on(page.content.decode())
    assert found, f"no row stamp on {url}"
    return {"stamp": found}


def stamp_on(html: str) -> str | None:
    """The row stamp a plan row's screen carries in its form, if any."""
    found = re.search(r'name="stamp" value="([0-9a-f]+)"', html)
    return found.group(1) if found else None
