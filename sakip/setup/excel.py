"""The Excel side of every list sakip takes from a Pemda: the template (headers, an
example sheet, dropdowns and number formats as data validation, an instructions sheet),
the same workbook filled for export, and reading an upload back into a dataset for
django-import-export, which does the row matching, validation, preview and the
all-or-nothing write (see ``importing``)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import tablib
from import_export import fields
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from sakip.setup import widgets

DATA_SHEET = "Data"
EXAMPLE_SHEET = "Contoh"
HELP_SHEET = "Petunjuk"
CHOICES_SHEET = "Pilihan"
#: What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"), as in
#: sakip/reports/renderers.py.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Largest upload read (a Renja of thousands of rows is well under 2 MB).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class Column(fields.Field):
    """A column of a list's sheet: a django-import-export field with what the template
    tells the user about it."""

    def __init__(
        self,
        *args: Any,
        help: str = "",
        example: Any = "",
        required: bool = False,
        number_format: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.help = help
        self.example = example
        self.required = required
        self.number_format = number_format
        super().__init__(*args, **kwargs)

    def dropdown(self) -> list[str] | None:
        widget = self.widget
        if isinstance(widget, widgets.ChoiceWidget):
            return widget.labels
        if isinstance(widget, widgets.YesNoWidget):
            return widget.labels
        if isinstance(widget, widgets.CodeWidget):
            return widget.choices()
        return None

    def format(self) -> str:
        if self.number_format:
            return self.number_format
        widget = self.widget
        if isinstance(widget, widgets.DecimalWidget):
            return "#,##0.######"
        if isinstance(widget, widgets.WholeNumberWidget):
            return "0"
        if isinstance(widget, widgets.DateWidget):
            return "DD/MM/YYYY"
        return "@"  # text: a code "01" or a NIP stays as typed


def columns_of(resource: Any) -> list[Column]:
    """The columns of a django-import-export resource, or of a plan sheet (a list)."""
    if isinstance(resource, list):
        return resource
    return [f for f in resource.get_import_fields() if isinstance(f, Column)]


def _write(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        cell.value = value
        cell.data_type = TYPE_STRING  # never a formula, whatever it starts with
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value


def _header(sheet: Any, columns: Sequence[Column]) -> None:
    fill = PatternFill("solid", fgColor="DDE7F0")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _write(cell, column.column_name + (" *" if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = fill
        sheet.column_dimensions[get_column_letter(index)].width = max(
            14, min(50, len(column.column_name) + 6)
        )
    sheet.freeze_panes = "A2"


def build_workbook(
    resource: Any,
    title: str,
    instructions: Iterable[str],
    rows: Iterable[Any] = (),
    cells: Iterable[Sequence[Any]] | None = None,
) -> bytes:
    """The list's workbook: sheet Data (headers, then ``rows`` exported by the resource
    when given: an export is the template filled), sheet Contoh (one example row),
    sheet Petunjuk (what each column takes) and a hidden sheet of dropdown values."""
    columns = columns_of(resource)
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    _header(data, columns)
    last = 1
    lines = (
        cells if cells is not None else ([column.export(obj) for column in columns] for obj in rows)
    )
    for row_index, values in enumerate(lines, start=2):
        for col_index, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            cell = data.cell(row=row_index, column=col_index)
            _write(cell, value)
            cell.number_format = column.format()
        last = row_index
    limit = max(last + 1000, 2000)
    choices = book.create_sheet(CHOICES_SHEET)
    choices.sheet_state = "hidden"
    for col_index, column in enumerate(columns, start=1):
        letter = get_column_letter(col_index)
        cells = f"{letter}2:{letter}{limit}"
        for r in range(last + 1, min(limit, last + 200) + 1):
            data.cell(row=r, column=col_index).number_format = column.format()
        options = column.dropdown()
        if options is not None:
            for r, option in enumerate(options, start=1):
                _write(choices.cell(row=r, column=col_index), option)
            source = (
                f"{quote_sheetname(CHOICES_SHEET)}!${letter}$1:${letter}${max(1, len(options))}"
            )
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="Pilihan tidak sah",
                error=f"Pilih {column.column_name} dari daftar.",
            )
        elif isinstance(column.widget, (widgets.DecimalWidget, widgets.WholeNumberWidget)):
            whole = isinstance(column.widget, widgets.WholeNumberWidget)
            minimum = column.widget.minimum if whole else None  # type: ignore[union-attr]
            validation = DataValidation(
                type="whole" if whole else "decimal",
                operator="greaterThanOrEqual" if minimum is not None else "between",
                formula1=str(minimum if minimum is not None else -(10**15)),
                formula2=None if minimum is not None else str(10**15),
                allow_blank=not column.required,
                showErrorMessage=True,
                # A warning, not a stop: "1.234.567" pasted as text is read too.
                errorStyle="warning",
                errorTitle="Bukan angka",
                error=f"{column.column_name} harus angka.",
            )
        elif isinstance(column.widget, widgets.DateWidget):
            validation = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="1",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Bukan tanggal",
                error=f"{column.column_name} harus tanggal, mis. 31/12/2024.",
            )
        else:
            continue
        validation.add(cells)
        data.add_data_validation(validation)

    example = book.create_sheet(EXAMPLE_SHEET)
    _header(example, columns)
    for col_index, column in enumerate(columns, start=1):
        cell = example.cell(row=2, column=col_index)
        _write(cell, column.example)
        cell.number_format = column.format()
        cell.font = Font(italic=True, color="555555")

    guide = book.create_sheet(HELP_SHEET)
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    _write(guide.cell(row=1, column=1), title)
    guide.cell(row=1, column=1).font = Font(bold=True, size=13)
    r = 3
    for line in [
        f"Isi lembar “{DATA_SHEET}”, satu baris per data, mulai baris 2. Jangan ubah "
        "judul kolom di baris 1. Lembar “Contoh” hanya contoh dan tidak dibaca.",
        "Unggah berkas ini; sakip menampilkan dahulu apa yang akan ditambah, diubah dan "
        "dinonaktifkan. Tidak ada yang disimpan sebelum Anda menekan Simpan, dan bila "
        "ada satu kesalahan pun tidak ada yang disimpan.",
        "Angka boleh diketik sebagai angka Excel atau sebagai teks Indonesia "
        "(1.234.567 atau 87,5). Mengunggah berkas yang sama dua kali tidak mengubah apa pun.",
        *instructions,
    ]:
        _write(guide.cell(row=r, column=1), line)
        guide.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        guide.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        guide.row_dimensions[r].height = 32
        r += 1
    r += 1
    for col, heading in enumerate(["Kolom", "Wajib", "Keterangan"], start=1):
        _write(guide.cell(row=r, column=col), heading)
        guide.cell(row=r, column=col).font = Font(bold=True)
    for column in columns:
        r += 1
        options = column.dropdown()
        text = column.help
        if options is not None and not isinstance(column.widget, widgets.CodeWidget):
            text = (text + " " if text else "") + "Pilihan: " + "; ".join(options) + "."
        _write(guide.cell(row=r, column=1), column.column_name)
        _write(guide.cell(row=r, column=2), "Ya" if column.required else "")
        _write(guide.cell(row=r, column=3), text)
        guide.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    book.move_sheet(guide, offset=-(len(book.sheetnames) - 2))
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, where the user finds it in Excel."""

    sheet: str
    row: int | None
    column: str | None  # the column's letter and header, e.g. "C (NIP)"
    message: str

    def __str__(self) -> str:
        where = [f"lembar {self.sheet}"]
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.message}"


class UploadError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def _header_text(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return text.removesuffix("*").strip()


def read_upload(content: bytes, columns: Sequence[Column]) -> tablib.Dataset:
    """The Data sheet of an uploaded workbook as a dataset whose headers are the
    columns' names; each dataset row keeps its Excel row number (``dataset.excel_rows``).
    A workbook that is not the list's template is refused with what is missing."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadError([Problem("-", None, None, "Berkas terlalu besar (lebih dari 10 MB).")])
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise UploadError(
            [Problem("-", None, None, "Berkas bukan berkas Excel (.xlsx) yang dapat dibaca.")]
        ) from exc
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        names = [_header_text(v) for v in header]
        wanted = {c.column_name for c in columns}
        missing = [c for c in columns if c.column_name not in names]
        required_missing = [c for c in missing if c.required]
        if required_missing:
            raise UploadError(
                [
                    Problem(
                        sheet.title,
                        1,
                        None,
                        f"Kolom “{c.column_name}” tidak ada di baris judul. Pakai templat "
                        "dari halaman ini.",
                    )
                    for c in required_missing
                ]
            )
        positions = {name: i for i, name in enumerate(names) if name in wanted}
        dataset = tablib.Dataset(
            headers=[c.column_name for c in columns if c.column_name in positions]
        )
        excel_rows: list[int] = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(widgets._blank(v) for v in values):
                continue
            if len(excel_rows) >= MAX_ROWS:
                raise UploadError(
                    [Problem(sheet.title, number, None, f"Lebih dari {MAX_ROWS} baris.")]
                )
            dataset.append(
                [
                    values[positions[h]] if positions[h] < len(values) else None
                    for h in dataset.headers
                ]
            )
            excel_rows.append(number)
        dataset.excel_rows = excel_rows  # type: ignore[attr-defined]
        dataset.sheet_title = sheet.title  # type: ignore[attr-defined]
        dataset.column_letters = {  # type: ignore[attr-defined]
            name: get_column_letter(i + 1) for name, i in positions.items()
        }
        return dataset
    finally:
        book.close()
