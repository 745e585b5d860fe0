"""The printed arithmetic of an imported LKjIP checked against the table: Table 7
and Tables 8–13, the spending by type, each program's pagu and realisasi where the
report prints them, Table 14, the Ikhtisar and the efisiensi."""

from __future__ import annotations

from collections import defaultdict

from sakip.reports import checks
from sakip.reports.checks import LkjipCheck
from sakip.reports.iku.report import OBJECTIVE_KEY, IkuFinding, IkuReport
from sakip.reports.models import PrintedFigure, PrintedSpending
from sakip.rules import formatting
from sakip.rules.achievement import average_achievement
from sakip.rules.policy import Policy as RulesPolicy


def check_lkjip(
    report: IkuReport,
    printed: dict[str, PrintedFigure],
    spending: list[PrintedSpending] | None = None,
    renja: dict[str, PrintedFigure] | None = None,
    objective_names: dict[int, str] | None = None,
) -> None:
    """Compare the LKjIP's printed figures: Table 7's average with the average computed
    from the data, each per-sasaran table's with the mean of the capaian printed in its
    own rows (a document's arithmetic, whatever the data says), then the spending by
    type, Table 14 and the Ikhtisar's capaian (checks.spending_checks …)."""
    policy = report.policy
    table_7 = printed.get("iku:average")
    if table_7 is not None and report.average is not None:
        number = checks.printed_number(table_7)
        report.printed_average = checks.printed_display(table_7)
        computed = [v for v in (line.achievement.value for line in report.lines) if v is not None]
        message = None
        if checks.differs(report.average, number):
            capped = (
                f" (capaian di atas {checks.show(policy.achievement_cap)} dihitung "
                f"{checks.show(policy.achievement_cap)})"
                if policy.achievement_cap is not None
                else ""
            )
            message = (
                f"{table_7.label}: tercetak {table_7.text}, padahal rata-rata "
                f"{checks.count_words(len(computed))} "
                f"({checks.list_percent(computed, policy)}){capped} adalah "
                f"{formatting.format_number(report.average, policy=policy)}%."
            )
            report.average_findings.append(IkuFinding(message))
        report.lkjip_checks.append(
            LkjipCheck(
                table=table_7.label.split(",")[0],
                subject="Rata-rata capaian IKU",
                printed_text=table_7.text,
                printed=number,
                expected=report.average,
                values=tuple(computed),
                message=message,
                table_7=True,
            )
        )

    rows: dict[int, dict[int, PrintedFigure]] = defaultdict(dict)
    averages: dict[int, PrintedFigure] = {}
    for key, figure in printed.items():
        match = OBJECTIVE_KEY.match(key)
        if match is None:
            continue
        n = int(match["n"])
        if match["row"]:
            rows[n][int(match["row"])] = figure
        else:
            averages[n] = figure
    names = objective_names or {}
    for n in sorted(averages):
        figure = averages[n]
        values = [checks.printed_number(rows[n][i]) for i in sorted(rows[n])]
        number = checks.printed_number(figure)
        # The document's own arithmetic: the plain mean of the capaian it prints.
        mean = average_achievement(values, RulesPolicy()) if values else None
        table = figure.label.split(",")[0]
        message = None
        if mean is not None and checks.differs(mean, number):
            message = (
                f"{table} (Sasaran {n}): rata-rata capaian tercetak {figure.text}, padahal "
                f"rata-rata {checks.count_words(len(values))} yang tercetak di tabel itu "
                f"({checks.list_percent(values)}) adalah "
                f"{formatting.format_number(mean, policy=policy)}%."
            )
            if len(values) > 1 and sum(values) == number:
                message += " Angka tercetak adalah jumlahnya, bukan rata-ratanya."
        report.lkjip_checks.append(
            LkjipCheck(
                table=table,
                subject=f"Rata-rata capaian Sasaran {n}" + (f": {names[n]}" if n in names else ""),
                printed_text=figure.text,
                printed=number,
                expected=mean,
                values=tuple(values),
                message=message,
            )
        )
    lines = spending or []
    report.lkjip_checks += checks.spending_checks(lines, policy)
    report.lkjip_checks += checks.budget_place_checks(printed, lines, renja or {})
    report.lkjip_checks += checks.efficiency_checks(printed, policy)
    report.lkjip_checks += checks.trend_checks(printed, report.year, policy)
    summary = checks.summary_check(printed, lines, report.average, report.year, policy)
    if summary is not None:
        report.lkjip_checks.append(summary)


# --------------------------------------------------------------------------- document
