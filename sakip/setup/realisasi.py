"""An agency's realisasi of a quarter through Excel: the quarter's sheet (each
indicator's realisasi K with its explanation, each sub kegiatan's realisasi anggaran)
exported as a workbook and read back. Every figure is saved through
sakip.measurement.actions (save_actual, save_budget_actual), so the entry window, the
quarter's state, the checks of each figure, concurrent edits and the event log apply
exactly as on the realisasi page; the file is written all-or-nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import tablib
from django.db import transaction

from sakip.accounts.models import User
from sakip.measurement import actions
from sakip.measurement.sheet import KRow, RpRow, load_sheet
from sakip.organisation.models import Agency
from sakip.rules.formatting import format_decimal_trimmed
from sakip.setup import widgets
from sakip.setup.excel import Column, Problem
from sakip.setup.importing import Preview, RowChange

K, RP = "Kinerja", "Anggaran"
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class QuarterImport:
    def __init__(self, agency: Agency, year: int, quarter: int, actor: User) -> None:
        self.agency, self.year, self.quarter, self.actor = agency, year, quarter, actor
        self.instructions = (
            f"Isi kolom Realisasi TW {ROMAN[quarter]} saja; baris lain hanya penunjuk. "
            "Baris Kinerja: realisasi indikator (angka, predikat atau teks seperti di halaman "
            "realisasi) dan penjelasannya; baris Anggaran: realisasi Rupiah bulat.",
            "Angka disimpan melalui pemeriksaan yang sama dengan halaman realisasi (jadwal "
            "pengisian, status triwulan, capaian rendah wajib dijelaskan).",
        )

    @property
    def value_column(self) -> str:
        return f"Realisasi TW {ROMAN[self.quarter]}"

    def columns(self) -> list[Column]:
        text = widgets.TextWidget
        return [
            Column(
                column_name="Jenis",
                widget=widgets.ChoiceWidget([(K, K), (RP, RP)], blank=False),
                required=True,
                example=K,
            ),
            Column(column_name="Kode", widget=text(), example="8.01.02.2.01.0001"),
            Column(column_name="Uraian", widget=text(), example="Pelaksanaan Kebijakan"),
            Column(column_name="Indikator", widget=text(), example="Jumlah dokumen"),
            Column(column_name="Satuan", widget=text(), example="Dokumen"),
            Column(column_name="Target / Pagu", widget=widgets.FigureTextWidget(), example=4),
            Column(
                column_name=self.value_column,
                widget=widgets.FigureTextWidget(),
                help="Kosong = tidak diubah.",
                example=1,
            ),
            Column(column_name="Penjelasan", widget=text(), example=""),
        ]

    def _sheet(self) -> Any:
        return load_sheet(self.agency, self.year, self.quarter)

    @staticmethod
    def _k_key(code: str, subject: str, indicator: str) -> tuple[str, ...]:
        return (K, code or subject.casefold(), indicator.casefold())

    def export_rows(self) -> list[list[Any]]:
        data = self._sheet()
        rows: list[list[Any]] = []
        for row in data.k_rows:
            current = row.current
            rows.append(
                [
                    K,
                    row.code,
                    row.subject,
                    row.indicator.name,
                    row.indicator.unit,
                    row.target.text,
                    (current.text or format_decimal_trimmed(current.value)) if current else None,
                    current.explanation if current else None,
                ]
            )
        for line in data.rp_rows:
            current = line.current
            rows.append(
                [
                    RP,
                    line.item.code,
                    line.item.name,
                    None,
                    "Rp",
                    line.pagu,
                    current.amount if current else None,
                    None,
                ]
            )
        return rows

    def run(self, dataset: tablib.Dataset, *, commit: bool) -> Preview:
        title = dataset.sheet_title  # type: ignore[attr-defined]
        letters = dataset.column_letters  # type: ignore[attr-defined]
        value_at = f"{letters.get(self.value_column, '?')} ({self.value_column})"
        cols = {c.column_name: c for c in self.columns()}
        preview = Preview()
        data = self._sheet()
        k_rows: dict[tuple[str, ...], KRow] = {
            self._k_key(r.code, r.subject, r.indicator.name): r for r in data.k_rows
        }
        rp_rows: dict[str, RpRow] = {r.item.code: r for r in data.rp_rows}
        with transaction.atomic():
            for index, raw in enumerate(dataset.dict):
                excel_row = dataset.excel_rows[index]  # type: ignore[attr-defined]
                values: dict[str, Any] = {}
                for name, column in cols.items():
                    try:
                        values[name] = column.widget.clean(raw.get(name), row=raw)
                    except ValueError as error:
                        where = f"{letters.get(name, '?')} ({name})"
                        preview.problems.append(Problem(title, excel_row, where, str(error)))
                if any(p.row == excel_row for p in preview.problems):
                    continue
                typed = values[self.value_column]
                if values["Jenis"] == K:
                    key = self._k_key(values["Kode"], values["Uraian"], values["Indikator"])
                    k_row = k_rows.get(key)
                    if k_row is None:
                        preview.problems.append(
                            Problem(
                                title,
                                excel_row,
                                None,
                                "Indikator ini tidak ada pada realisasi "
                                "triwulan ini (kode, uraian atau nama indikator berubah).",
                            )
                        )
                        continue
                    self._save_k(
                        k_row, typed, values["Penjelasan"], excel_row, value_at, title, preview
                    )
                else:
                    line = rp_rows.get(values["Kode"])
                    if line is None:
                        preview.problems.append(
                            Problem(
                                title,
                                excel_row,
                                "B (Kode)",
                                "Sub kegiatan ini tidak memiliki pagu pada Renja tahun ini.",
                            )
                        )
                        continue
                    self._save_rp(line, typed, excel_row, value_at, title, preview)
            if preview.problems or not commit:
                transaction.set_rollback(True)
        return preview

    def _save_k(
        self,
        row: KRow,
        typed: str,
        explanation: str,
        excel_row: int,
        where: str,
        title: str,
        preview: Preview,
    ) -> None:
        current = row.current
        label = f"{row.indicator.name}"
        old = (current.text or format_decimal_trimmed(current.value)) if current else ""
        old_explanation = current.explanation if current else ""
        if not typed or (typed == old and explanation == old_explanation):
            preview.rows.append(RowChange(excel_row, "skip", label))
            return
        try:
            with transaction.atomic():
                actions.save_actual(
                    self.actor,
                    self.agency,
                    self.year,
                    self.quarter,
                    row.indicator.pk,
                    raw=typed,
                    explanation=explanation,
                    version=row.version,
                )
        except actions.ActionError as error:
            preview.problems.append(Problem(title, excel_row, where, _message(error)))
            return
        changes = [(self.value_column, old, typed)] if typed != old else []
        if explanation != old_explanation:
            changes.append(("Penjelasan", old_explanation, explanation))
        preview.rows.append(
            RowChange(excel_row, "new" if current is None else "update", label, tuple(changes))
        )

    def _save_rp(
        self, line: RpRow, typed: str, excel_row: int, where: str, title: str, preview: Preview
    ) -> None:
        current = line.current
        label = f"{line.item.code} {line.item.name}"
        old = current.amount if current else None
        if not typed:
            preview.rows.append(RowChange(excel_row, "skip", label))
            return
        try:
            amount = Decimal(widgets.read_decimal(typed) or 0)
        except ValueError as error:
            preview.problems.append(Problem(title, excel_row, where, str(error)))
            return
        if old is not None and amount == old:
            preview.rows.append(RowChange(excel_row, "skip", label))
            return
        try:
            with transaction.atomic():
                actions.save_budget_actual(
                    self.actor,
                    self.agency,
                    self.year,
                    self.quarter,
                    line.item.pk,
                    raw=typed,
                    version=line.version,
                )
        except actions.ActionError as error:
            preview.problems.append(Problem(title, excel_row, where, _message(error)))
            return
        change = (self.value_column, "" if old is None else str(old), typed)
        preview.rows.append(
            RowChange(excel_row, "new" if current is None else "update", label, (change,))
        )


def _message(error: actions.ActionError) -> str:
    details = getattr(error, "details", None) or []
    return " ".join([str(error), *[str(d) for d in details]])
