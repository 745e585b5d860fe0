"""The form's checks against a source document that was imported: each figure it
printed, compared with the one sakip computes, a finding where they differ."""

from __future__ import annotations

from decimal import Decimal

from sakip.measurement.models import QUARTERS
from sakip.reports import checks
from sakip.reports.evaluasi_renja.report import ROMAN, RenjaFinding, RenjaLine, RenjaReport
from sakip.reports.models import PrintedFigure
from sakip.rules import quality, renja
from sakip.rules.periods import Combine
from sakip.rules.policy import Policy as RulesPolicy

_COLUMN_PARTS = {
    "c6": "target_renstra",
    "c7": "realised_before",
    "c8": "target_year",
    "q1": "q1",
    "q2": "q2",
    "q3": "q3",
    "q4": "q4",
    "c13": "realised_year",
    "c14": "realised_renstra",
    "c15": "achievement_renstra",
}


def column_label(key: str, layout: renja.Layout) -> str:
    """ "c14:k" → "kolom 14 (K)" with the Kode column, "kolom 13 (K)" without it."""
    column, side = key.split(":")
    number = renja.column_numbers(layout)[_COLUMN_PARTS[column]]
    kind = "K" if side == "k" else "Rp"
    if column.startswith("q"):
        return f"kolom {number} ({kind}, TW {ROMAN[int(column[1])]})"
    return f"kolom {number} ({kind})"


def _add(
    line_findings: dict[str, list[RenjaFinding]],
    code: str,
    key: str,
    severity: quality.Severity,
    message: str,
) -> None:
    line_findings[key].append(RenjaFinding(code=code, key=key, severity=severity, message=message))


def _mismatch_message(
    line: RenjaLine, key: str, printed: Decimal | int, layout: renja.Layout, policy: RulesPolicy
) -> str:
    """Why a printed figure of a row is wrong, with the arithmetic a staff member can
    redo on the paper form: the printed figure as printed, the computed ones rounded
    for display as the form shows them (the Pemda's policy)."""
    c = renja.column_numbers(layout)
    inputs, r = line.inputs, line.result
    money = key.endswith(":rp") and not key.startswith("c15")
    shown = checks.show(printed, money)

    def fig(value: Decimal | int | None, is_money: bool = False) -> str:
        return checks.show(value, is_money, policy)

    if key == "c14:k":
        if inputs.year_combine is Combine.SUM:
            return (
                f"tercetak {shown}, padahal kolom {c['realised_before']} + kolom "
                f"{c['realised_year']} = {fig(inputs.realised_before or Decimal(0))} + "
                f"{fig(r.k.realised_year)} = {fig(r.k.realised_renstra)}."
            )
        return (
            f"tercetak {shown}, padahal indikator ini memakai kondisi akhir: kolom "
            f"{c['realised_renstra']} = kolom {c['realised_year']} = "
            f"{fig(r.k.realised_renstra)}."
        )
    if key == "c15:k":
        achievement = r.k.achievement_renstra
        if achievement.value is None:
            if inputs.target_renstra == 0:
                return (
                    f"tercetak {shown}%, padahal target Renstra (kolom {c['target_renstra']}) "
                    "adalah 0, sehingga capaiannya tidak dapat dihitung; kosongkan kolom ini "
                    "dan jelaskan pada kolom Keterangan."
                )
            return (
                f"tercetak {shown}%, padahal capaiannya tidak dapat dihitung ({achievement.note})."
            )
        return (
            f"tercetak {shown}%, padahal kolom {c['realised_renstra']} ÷ kolom "
            f"{c['target_renstra']} × 100 = {fig(r.k.realised_renstra)} ÷ "
            f"{fig(inputs.target_renstra)} × 100 = {fig(achievement.value)}%."
        )
    if key == "c15:rp":
        return (
            f"tercetak {shown}%, padahal kolom {c['realised_renstra']} ÷ kolom "
            f"{c['target_renstra']} × 100 = {fig(r.rp.realised_renstra, True)} ÷ "
            f"{fig(inputs.pagu_renstra, True)} × 100 = "
            f"{fig(r.rp.achievement_renstra.value)}%."
        )
    if key == "c14:rp":
        return (
            f"tercetak {shown}, padahal kolom {c['realised_before']} + kolom "
            f"{c['realised_year']} = {fig(r.rp.realised_renstra, True)}."
        )
    if key == "c13:rp":
        quarters = " + ".join(f"TW {ROMAN[q]}" for q in range(1, line.result.upto_quarter + 1))
        return f"tercetak {shown}, padahal {quarters} = {fig(r.rp.realised_year, True)}."
    computed = {
        "c6:rp": inputs.pagu_renstra,
        "c7:rp": inputs.spent_before,
        "c8:rp": inputs.pagu_year,
        **{f"q{q}:rp": inputs.spent_quarters[q - 1] for q in QUARTERS},
    }[key]
    difference = abs(int(printed) - (computed or 0))
    return (
        f"tercetak {shown}, padahal jumlah sub kegiatan di bawahnya "
        f"{fig(computed, True)} (selisih {fig(difference, True)})."
    )


#: What a line without a printed source compares: nothing (never written to).
_NOTHING: dict[str, Decimal | int | None] = {}


def check(report: RenjaReport, printed: dict[str, PrintedFigure]) -> None:
    """The data-quality checks of the form (issue 3 item 2), each attached to the cell
    it concerns, with a message a staff member understands:

    - where a source document was imported for this quarter: every printed figure of
      columns 6–15 that differs from the computed one (a parent's Rupiah that is not the
      sum of its sub kegiatan, col 14 ≠ 7 + 13, a percentage over a Renstra target of 0,
      a non-cumulative indicator whose quarters were summed into col 13, the JUMLAH
      row) — a figure matches when it is the computed one written with the decimals
      the document prints, rounded half-up or truncated;
    - always: a missing quarter up to the evaluated one (warning), a negative
      realisasi, realisasi of the year far beyond the year's target (warning).
    """
    policy = report.policy
    layout = report.layout
    for line in report.lines:
        code = line.item.code
        r = line.result
        has_indicator = line.indicator is not None
        # A printed form has one row per item: its figures are compared with the item's
        # first line (the one with the Rupiah and the first indicator).
        compared = printed if printed and line.first else None
        # Nothing printed to compare with (no source document): skip building the keys.
        computed: dict[str, Decimal | int | None] = (
            {
                "c6:rp": line.inputs.pagu_renstra,
                "c7:rp": line.inputs.spent_before,
                "c8:rp": line.inputs.pagu_year,
                **{f"q{q}:rp": r.rp.spent_quarters[q - 1] for q in QUARTERS},
                "c13:rp": r.rp.realised_year,
                "c14:rp": r.rp.realised_renstra,
                "c15:rp": r.rp.achievement_renstra.value,
            }
            if compared
            else _NOTHING
        )
        if has_indicator and compared:
            computed.update({"c14:k": r.k.realised_renstra, "c15:k": r.k.achievement_renstra.value})
        for key, value in computed.items():
            figure = printed.get(f"renja:{code}:{key}")
            if figure is None:
                continue
            is_money = key.endswith(":rp") and not key.startswith("c15")
            line.printed[key] = checks.printed_display(figure, is_money)
            number: Decimal | int = (
                checks.printed_rupiah(figure) if is_money else checks.printed_number(figure)
            )
            if checks.differs(value, number):
                message = _mismatch_message(line, key, number, layout, policy)
                _add(
                    line.findings,
                    code,
                    key,
                    "error",
                    f"Baris {line.row_label}, {column_label(key, layout)}: {message}",
                )

        if not has_indicator:
            continue
        # Col 13 K against the quarters: a non-cumulative indicator whose quarters were
        # summed, or a year figure that is no combination of its quarters.
        printed_year = compared.get(f"renja:{code}:c13:k") if compared else None
        if printed_year is not None:
            line.printed["c13:k"] = checks.printed_display(printed_year)
            for finding in quality.quarter_findings(
                list(line.inputs.quarters[: report.quarter]),
                line.inputs.quarter_combine,
                checks.printed_number(printed_year),
                policy,
            ):
                if finding.code != quality.MISSING_QUARTER:
                    _add(
                        line.findings,
                        code,
                        "c13:k",
                        finding.severity,
                        f"Baris {line.row_label}, {column_label('c13:k', layout)}: "
                        f"{finding.message}",
                    )
        for q, value in enumerate(line.inputs.quarters[: report.quarter], start=1):
            if value is None:
                _add(
                    line.findings,
                    code,
                    f"q{q}:k",
                    "warning",
                    f"Baris {line.row_label}: realisasi kinerja triwulan {ROMAN[q]} belum diisi.",
                )
                continue
            if value >= 0:  # not negative: no need to build the message's label
                continue
            negative = quality.check_negative(
                value,
                f"Baris {line.row_label}, {column_label(f'q{q}:k', layout)}",
                bool(line.indicator and line.indicator.allows_negative_actual),
            )
            if negative is not None:
                _add(line.findings, code, f"q{q}:k", negative.severity, negative.message)
        far = quality.check_far_beyond(line.inputs.target_year, r.k.realised_year, policy)
        if far is not None:
            _add(
                line.findings,
                code,
                "c13:k",
                "warning",
                f"Baris {line.row_label}, {column_label('c13:k', layout)}: {far.message}",
            )
    for key in ("average_k_c13", "average_rp_c13", "average_k_c15", "average_rp_c15"):
        figure = printed.get(f"renja:{key}")
        if figure is not None:
            report.printed_footer[key] = checks.show(checks.printed_number(figure))
    # Rupiah of a sub kegiatan with a pagu: a quarter up to the evaluated one not entered.
    for line in report.lines:
        if line.level != "subkegiatan" or line.inputs.pagu_year is None:
            continue
        for q in range(1, report.quarter + 1):
            if line.inputs.spent_quarters[q - 1] is None:
                _add(
                    line.findings,
                    line.item.code,
                    f"q{q}:rp",
                    "warning",
                    f"Baris {line.item.code}: realisasi anggaran triwulan {ROMAN[q]} belum diisi.",
                )

    totals = report.totals
    for key, value in (
        ("c6:rp", totals.pagu_renstra),
        ("c7:rp", totals.spent_before),
        ("c8:rp", totals.pagu_year),
        *((f"q{q}:rp", totals.spent_quarters[q - 1]) for q in QUARTERS),
        ("c13:rp", totals.realised_year),
        ("c14:rp", totals.realised_renstra),
    ):
        figure = printed.get(f"renja:total:{key}")
        if figure is None:
            continue
        report.printed_totals[key] = checks.printed_display(figure, money=True)
        number = checks.printed_rupiah(figure)
        if checks.differs(value, number):
            report.total_findings[key].append(
                RenjaFinding(
                    code="JUMLAH",
                    key=key,
                    severity="error",
                    message=(
                        f"Baris JUMLAH, {column_label(key, layout)}: tercetak "
                        f"{checks.show(number, True)}, padahal jumlah seluruh sub kegiatan "
                        f"{checks.show(value, True)}."
                    ),
                )
            )


# --------------------------------------------------------------------------- document
