"""Running an import: django-import-export matches rows to records, validates every
field and the model (``full_clean``) and writes inside one transaction that is rolled
back when any row has a problem. This module turns its result into what the user
reads: what will be added, changed, deactivated or left as is, and every problem with
its sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from sakip.setup.excel import Column, Problem, columns_of


@dataclass(frozen=True)
class RowChange:
    row: int
    kind: str  # new, update, deactivate, skip
    label: str
    changes: tuple[tuple[str, str, str], ...] = ()


KIND_LABELS = {
    "new": "Ditambah",
    "update": "Diubah",
    "deactivate": "Dinonaktifkan",
    "skip": "Tidak berubah",
}


@dataclass
class Preview:
    rows: list[RowChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: What the user should check but that does not stop the import (a code not in the
    #: year's nomenclature, a printed total that is not the sum of its rows).
    warnings: list[Problem] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return [(kind, label, self.count(kind)) for kind, label in KIND_LABELS.items()]

    @property
    def changing(self) -> list[RowChange]:
        return [r for r in self.rows if r.kind != "skip"]

    @property
    def has_changes(self) -> bool:
        return any(r.kind != "skip" for r in self.rows)


class _Rollback(Exception):
    pass


def _column_label(dataset: tablib.Dataset, column: Column | None) -> str | None:
    if column is None:
        return None
    letter = dataset.column_letters.get(column.column_name)  # type: ignore[attr-defined]
    return f"{letter} ({column.column_name})" if letter else column.column_name


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _duplicates(resource: Any, dataset: tablib.Dataset) -> list[Problem]:
    """Two rows naming the same record: the second would silently overwrite the first."""
    id_columns = [resource.fields[name].column_name for name in resource.get_import_id_fields()]
    if not all(c in dataset.headers for c in id_columns):
        return []
    seen: dict[tuple[str, ...], int] = {}
    problems = []
    for index, row in enumerate(dataset.dict):
        key = tuple(" ".join(str(row[c] or "").split()).casefold() for c in id_columns)
        if not any(key):
            continue
        excel_row = dataset.excel_rows[index]  # type: ignore[attr-defined]
        if key in seen:
            problems.append(
                Problem(
                    dataset.sheet_title,  # type: ignore[attr-defined]
                    excel_row,
                    ", ".join(id_columns),
                    f"Data yang sama sudah ada di baris {seen[key]}; hapus salah satunya.",
                )
            )
        else:
            seen[key] = excel_row
    return problems


def run(resource: Any, dataset: tablib.Dataset, *, commit: bool) -> Preview:
    """Import ``dataset``: a dry run (``commit=False``) for the preview, or for real.
    Either everything is written or nothing: any problem rolls the whole file back."""
    preview = Preview(problems=_duplicates(resource, dataset))
    sheet = dataset.sheet_title  # type: ignore[attr-defined]
    rows = dataset.excel_rows  # type: ignore[attr-defined]
    by_attribute = {c.attribute: c for c in columns_of(resource)}
    try:
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                # Rows are really saved (a later row may name an earlier one, e.g. a
                # superior position) inside this module's transaction, which is
                # rolled back for a preview and whenever any row has a problem.
                dry_run=False,
                use_transactions=False,
                retain_instance_in_row_result=True,
            )
            for invalid in result.invalid_rows:
                for name, messages in invalid.error_dict.items():
                    column = by_attribute.get(name) if name != NON_FIELD_ERRORS else None
                    for message in messages:
                        preview.problems.append(
                            Problem(
                                sheet,
                                rows[invalid.number - 1],
                                _column_label(dataset, column),
                                str(message),
                            )
                        )
            for number, errors in result.row_errors():
                for error in errors:
                    preview.problems.append(
                        Problem(sheet, rows[number - 1], None, str(error.error))
                    )
            for error in result.base_errors:
                preview.problems.append(Problem(sheet, None, None, str(error.error)))
            # Checks of the whole file (the users list's admins), on resources that have them.
            file_problems = getattr(resource, "file_problems", None)
            complete = not (result.has_errors() or result.has_validation_errors())
            found = file_problems(result.rows, complete) if file_problems else []
            for number, attribute, message in found:
                column = by_attribute.get(attribute) if attribute else None
                preview.problems.append(
                    Problem(sheet, rows[number - 1], _column_label(dataset, column), message)
                )
            columns = columns_of(resource)
            for number, row_result in enumerate(result.rows, start=1):
                if row_result.import_type not in ("new", "update", "skip"):
                    continue
                kind = row_result.import_type
                changes: list[tuple[str, str, str]] = []
                if kind == "update" and row_result.original is not None:
                    for column in columns:
                        old = _cell(column.export(row_result.original))
                        new = _cell(column.export(row_result.instance))
                        if old != new:
                            changes.append((column.column_name, old, new))
                    if resource.deactivates(row_result.original, row_result.instance):
                        kind = "deactivate"
                preview.rows.append(
                    RowChange(rows[number - 1], kind, row_result.object_repr or "", tuple(changes))
                )
            preview.problems.sort(key=lambda p: p.row or 0)
            if preview.problems or not commit:
                raise _Rollback
            resource.after_commit(preview)
    except _Rollback:
        pass
    return preview
