"""An IKU's year figure from its quarters (sakip.rules.periods) and the checks its
entered figures get, as on the realisasi sheet."""

from __future__ import annotations

from decimal import Decimal

from sakip.measurement import checks as entry_checks
from sakip.measurement.models import QUARTERS
from sakip.planning.models import Indicator
from sakip.reports.iku.report import IkuFinding
from sakip.rules import quality
from sakip.rules.achievement import Achievement
from sakip.rules.periods import Combine, year_value
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.values import Figure


def entry_findings(
    number: int,
    indicator: Indicator,
    rows: dict[tuple[int, int], tuple[Decimal | None, str]],
    year: int,
    target: Figure,
    actual: Decimal | None,
    achievement: Achievement,
    policy: RulesPolicy,
) -> list[IkuFinding]:
    """The checks the Evaluasi Renja and the entry sheet give a figure (DOMAIN §7: "the
    system flags each of these kinds of inconsistency where data is entered"), over
    the IKU's year: a quarter left empty, a negative realisasi, realisasi far beyond the
    target, a capaian over a target of 0, a non-cumulative indicator whose quarters were
    summed (into its year figure, or entered as a running sum)."""
    label = f"IKU {number} ({indicator.name})"
    pk = indicator.pk
    method = Combine(indicator.quarter_combine)
    quarters = [rows.get((year, q), (None, ""))[0] for q in QUARTERS]
    written = [bool(rows.get((year, q), (None, ""))[1]) for q in QUARTERS]
    whole_year = rows.get((year, 0))
    found: list[IkuFinding] = []

    def add(finding: quality.Finding | None, cell: str) -> None:
        if finding is not None:
            message = finding.message
            found.append(
                IkuFinding(
                    f"{label}: {message[:1].lower()}{message[1:]}", pk, finding.severity, cell
                )
            )

    if whole_year is None:
        if not any(v is not None or w for v, w in zip(quarters, written, strict=True)):
            found.append(
                IkuFinding(f"{label}: realisasi tahun {year} belum diisi.", pk, "warning", "actual")
            )
        else:
            # A quarter with a grade (text) counts as entered.
            entered = [
                Decimal(1) if v is not None or w else None
                for v, w in zip(quarters, written, strict=True)
            ]
            for finding in quality.quarter_findings(entered, method, None, policy):
                add(finding, "actual")
            add(entry_checks.check_running_sum(quarters, method, target.value), "actual")
    elif any(v is not None for v in quarters) and whole_year[0] is not None:
        # A year figure beside its quarters: summed quarters of a non-cumulative indicator.
        for finding in quality.quarter_findings(
            quarters, method, whole_year[0], policy, "tercatat"
        ):
            if finding.code != quality.MISSING_QUARTER:
                add(finding, "actual")
    add(quality.check_negative(actual, "", indicator.allows_negative_actual), "actual")
    add(quality.check_far_beyond(target.value, actual, policy), "actual")
    if target.value == 0 and not achievement.computable:
        found.append(
            IkuFinding(
                f"{label}: target tahun {year} adalah 0, sehingga capaiannya tidak dapat "
                "dihitung dan tidak ikut rata-rata; periksa targetnya atau jelaskan pada LKjIP.",
                pk,
                "warning",
                "target",
            )
        )
    return found


def year_actual(
    rows: dict[tuple[int, int], tuple[Decimal | None, str]], year: int, method: Combine
) -> tuple[Decimal | None, str]:
    """The year's realisasi: the whole-year figure where one is recorded, otherwise the
    quarters combined per the indicator's rule (DOMAIN §4.2)."""
    if (year, 0) in rows:
        return rows[(year, 0)]
    value = year_value({period: value for period, (value, _) in rows.items()}, year, method)
    if value is not None:
        return value, ""
    # A grade ("B") is a level, one evaluation a year: the latest written.
    texts = [rows.get((year, q), (None, ""))[1] for q in QUARTERS]
    return None, next((t for t in reversed(texts) if t), "")
