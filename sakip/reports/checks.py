"""Comparing what sakip computes with what a source document printed (DOMAIN §7).

A printed figure is stored twice: ``value`` in a decimal column (six places) and
``text`` as the document printed it. How many decimals the document printed decides how
closely the computed figure must match ("63,2" matches 63,2045…), so the comparison
reads the precision from the text, never from the stored column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sakip.reports.models import PrintedFigure, PrintedSpending
from sakip.rules import budget
from sakip.rules.achievement import average_achievement, change_between
from sakip.rules.decimals import decimal_places, quantize
from sakip.rules.formatting import format_decimal_trimmed, format_number, format_rupiah
from sakip.rules.policy import Policy
from sakip.rules.quality import shown
from sakip.rules.values import parse_figure


def printed_number(figure: PrintedFigure) -> Decimal:
    """The figure with exactly the decimals its document printed: "97.24" → 97.24,
    "100" → 100, "189,34 %" → 189.34 (the stored value carries six places)."""
    return _as_printed(figure.text, figure.value)


def _as_printed(text: str, value: Decimal) -> Decimal:
    parsed = parse_figure(text) if text else None
    if parsed is not None and parsed.kind == "number" and parsed.value == value:
        assert parsed.value is not None
        return parsed.value
    # No readable text: the stored value without the column's trailing zeros.
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


def printed_rupiah(figure: PrintedFigure) -> int:
    return int(figure.value)


def differs(computed: Decimal | int | None, printed: Decimal | int) -> bool:
    """True when ``printed`` is not ``computed`` written with the printed decimals.

    Documents round half-up or truncate, whatever the Pemda's own display policy is:
    either reading of the computed figure is accepted, so a change of the Pemda's
    rounding policy never turns a correctly printed figure into a finding."""
    if computed is None:
        return True
    if isinstance(computed, int) and isinstance(printed, int):
        return computed != printed
    exact = Decimal(computed)
    places = decimal_places(printed)
    return printed not in (quantize(exact, places), quantize(exact, places, truncate=True))


def show(value: Decimal | int | None, money: bool = False, policy: Policy | None = None) -> str:
    """A figure in a message, the way staff read it: "Rp31.458.315.432", "365,71", "128".

    A computed figure is given with the Pemda's ``policy``, so that it reads as the report
    shows it (DOMAIN §4.1: the decimals and the rounding mode are the Pemda's): 365,714…
    is "365,71" half-up or truncated to 2 decimals, "365,7" half-up to 1. Without a
    policy (a printed figure), the figure as printed, at most 2 decimals."""
    if value is None:
        return "–"
    if money and isinstance(value, int):
        return format_rupiah(value)
    if policy is not None:
        return shown(value, policy)
    return format_decimal_trimmed(value, 2)


def printed_display(figure: PrintedFigure, money: bool = False) -> str:
    """A printed figure the Indonesian way, for "tercetak: …" beside the computed one
    (the demo files keep "182.86" with a point: the document printed "182,86")."""
    if money:
        return show(printed_rupiah(figure), money=True)
    return show(printed_number(figure))


@dataclass(frozen=True)
class LkjipCheck:
    """One printed figure of the LKjIP against what it should be: an average (Table 7,
    Tables 8–13, Table 14), a sum or a percentage of the spending by type, a claim."""

    table: str  # "Table 7", "Table 8", "Bab III B" … where the LKjIP prints it
    subject: str  # what the figure is, for a person
    printed_text: str
    printed: Decimal | int
    expected: Decimal | int | None
    values: tuple[Decimal | int, ...]  # what it is computed from
    message: str | None  # None when the printed figure is right
    #: Table 7's average is checked against the data, the others against their rows.
    table_7: bool = False
    #: Whole Rupiah (a sum of spending lines) rather than a percentage.
    money: bool = False
    #: How the expected figure is computed, for a person; by default the values listed.
    basis: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


def list_percent(values: Sequence[Decimal], policy: Policy | None = None) -> str:
    """Capaian in a message: computed ones with the policy's display rounding, printed
    ones (no policy) as printed."""
    parts = [f"{show(v, policy=policy)}%" for v in values]
    if len(parts) <= 2:
        return " dan ".join(parts)
    return "; ".join(parts)


def count_words(n: int, noun: str = "capaian") -> str:
    words = {2: "kedua", 3: "ketiga", 4: "keempat", 5: "kelima", 6: "keenam"}
    return f"{words[n]} {noun}" if n in words else f"{n} {noun}"


# --------------------------------------------------------------------------- spending


_SPENDING = "Bab III B"  # "B. Realisasi Anggaran": the spending by type


def _parts(lines: Sequence[PrintedSpending], index: int) -> list[PrintedSpending]:
    """The lines one level below ``lines[index]`` up to the next line of its own level or
    above (PrintedSpending: a line's parts are the lines of the next level below it)."""
    level = lines[index].level
    parts = []
    for line in lines[index + 1 :]:
        if line.level <= level:
            break
        if line.level == level + 1:
            parts.append(line)
    return parts


def spending_checks(lines: Sequence[PrintedSpending], policy: Policy) -> list[LkjipCheck]:
    """The printed arithmetic of the spending by type: a parent line's pagu and realisasi
    are the sums of its parts, and each line's percentage is realisasi ÷ pagu × 100 at the
    decimals printed (DOMAIN §4.5; a parent's percentage is Σ realisasi ÷ Σ pagu, §4.2).
    A part printed "-" (nothing budgeted) counts as nothing. Seed 003 prints BELANJA's pagu
    Rp32.654.919.391 over parts that sum to Rp32.654.909.391."""
    found: list[LkjipCheck] = []
    ordered = sorted(lines, key=lambda line: line.order)
    for index, line in enumerate(ordered):
        parts = _parts(ordered, index)
        for column in ("pagu", "realisasi"):
            total: int | None = getattr(line, column)
            amounts = [(p.name, getattr(p, column)) for p in parts]
            amounts = [(name, amount) for name, amount in amounts if amount is not None]
            if total is None or not amounts:
                continue
            expected = budget.lines_total(amount for _, amount in amounts)
            message = None
            if expected != total:
                listed = " + ".join(f"{name} {format_rupiah(amount)}" for name, amount in amounts)
                message = (
                    f"{_SPENDING}, {line.name}: {column} tercetak {format_rupiah(total)}, "
                    f"padahal jumlah rinciannya ({listed}) adalah {format_rupiah(expected)}; "
                    f"selisih {format_rupiah(abs(total - expected))}."
                )
            found.append(
                LkjipCheck(
                    table=_SPENDING,
                    subject=f"{line.name}: jumlah {column}",
                    printed_text=getattr(line, f"{column}_printed"),
                    printed=total,
                    expected=expected,
                    values=tuple(amount for _, amount in amounts),
                    message=message,
                    money=True,
                    basis=" + ".join(format_rupiah(amount) for _, amount in amounts),
                )
            )
        if not line.pagu or line.realisasi is None or line.percent is None:
            continue
        percent = _as_printed(line.percent_printed, line.percent)
        computed = budget.absorption(line.pagu, line.realisasi)
        message = None
        if differs(computed, percent):
            message = (
                f"{_SPENDING}, {line.name}: persentase realisasi tercetak "
                f"{line.percent_printed or show(percent)}, padahal realisasi ÷ pagu × 100 = "
                f"{format_rupiah(line.realisasi)} ÷ {format_rupiah(line.pagu)} × 100 = "
                f"{format_number(computed, policy=policy)}%."
            )
        found.append(
            LkjipCheck(
                table=_SPENDING,
                subject=f"{line.name}: persentase realisasi",
                printed_text=line.percent_printed,
                printed=percent,
                expected=computed,
                values=(line.realisasi, line.pagu),
                message=message,
                basis=f"{format_rupiah(line.realisasi)} ÷ {format_rupiah(line.pagu)} × 100",
            )
        )
    return found


# --------------------------------------------------------------------------- Table 14

_TREND_KEY = re.compile(r"^trend:(?P<year>\d{4}):(?P<part>performance|budget)$")
_TREND_PARTS = {"performance": "capaian kinerja", "budget": "realisasi anggaran"}


def trend_checks(
    printed: Mapping[str, PrintedFigure], year: int, policy: Policy
) -> list[LkjipCheck]:
    """Table 14 (performance and budget over the years): each printed average against the
    mean of the years it prints (the document's own arithmetic), and the sentence after it
    ("capaian kinerja naik sebesar …% dari tahun …") against the change from last year to
    this one. Seed 003 prints the average 95,93 where the five years average 91,19, and a
    rise of 38,91 % where 95,43 → 96,34 is 0,91 points, 0,95 %."""
    years: dict[str, dict[int, Decimal]] = {part: {} for part in _TREND_PARTS}
    texts: dict[str, dict[int, str]] = {part: {} for part in _TREND_PARTS}
    for key, figure in printed.items():
        match = _TREND_KEY.match(key)
        if match is not None and figure.value is not None:
            years[match["part"]][int(match["year"])] = printed_number(figure)
            texts[match["part"]][int(match["year"])] = figure.text or show(figure.value)
    found: list[LkjipCheck] = []
    for part, label in _TREND_PARTS.items():
        average = printed.get(f"trend:average:{part}")
        values = [years[part][y] for y in sorted(years[part])]
        if average is None or average.value is None or not values:
            continue
        number = printed_number(average)
        # A plain mean of what the table prints, whatever the Pemda's cap for averaging.
        mean = average_achievement(values, Policy())
        message = None
        if differs(mean, number):
            listed = "; ".join(f"{y}: {texts[part][y]}%" for y in sorted(years[part]))
            message = (
                f"Tabel 14, rata-rata {label}: tercetak {average.text or show(number)}, padahal "
                f"rata-rata {count_words(len(values), 'tahun')} yang tercetak di tabel itu "
                f"({listed}) adalah {format_number(mean, policy=policy)}%."
            )
        found.append(
            LkjipCheck(
                table="Tabel 14",
                subject=f"Rata-rata {label} {min(years[part])}–{max(years[part])}",
                printed_text=average.text,
                printed=number,
                expected=mean,
                values=tuple(values),
                message=message,
            )
        )
    claimed = printed.get("trend:claimed_increase")
    performance = years["performance"]
    if claimed is None or claimed.value is None or {year - 1, year} - set(performance):
        return found
    before, now = performance[year - 1], performance[year]
    performance_texts = texts["performance"]
    number = printed_number(claimed)
    change = change_between(before, now)
    points, relative = change.points, change.relative
    # A rise "sebesar x%" is read as the relative change or, as LKjIPs often write it, in
    # percentage points: either is accepted.
    message = None
    if differs(relative, number) and differs(points, number):
        direction = "naik" if points >= 0 else "turun"
        change = f"{direction} {format_number(abs(points), policy=policy)} poin persentase" + (
            f", atau {format_number(abs(relative), policy=policy)}%" if relative is not None else ""
        )
        message = (
            f"Kalimat setelah Tabel 14: tercetak “{claimed.text}”, padahal capaian kinerja "
            f"tahun {year} ({performance_texts[year]}%) dibanding tahun {year - 1} "
            f"({performance_texts[year - 1]}%) "
            f"{change}."
        )
    found.append(
        LkjipCheck(
            table="Tabel 14",
            subject=f"Kenaikan capaian kinerja dari tahun {year - 1}",
            printed_text=claimed.text,
            printed=number,
            expected=relative,
            values=(before, now),
            message=message,
            basis=(
                f"{performance_texts[year - 1]}% → {performance_texts[year]}% "
                f"({format_number(points, policy=policy)} poin)"
            ),
        )
    )
    return found


# --------------------------------------------------------------------------- claims


def _total_line(lines: Sequence[PrintedSpending]) -> PrintedSpending | None:
    totals = [line for line in lines if line.level == 0]
    return min(totals, key=lambda line: line.order) if totals else None


_OBJECTIVE_BUDGET = re.compile(
    r"^objective:(?P<n>\d+):(?P<code>[\d.]+):(?P<column>pagu|realisasi)$"
)
_PROGRAM_KEY = re.compile(r"^program:(?P<code>[\d.]+):(?:pagu_bab2|pagu_bab3_text)$")
_LAMPIRAN_III = "Lampiran III"
#: Lampiran III columns: 8 is this year's Renja target in Rupiah (the pagu), 13 the
#: year's realisasi (DOMAIN §4.4).
_RENJA_COLUMNS = {"pagu": "c8", "realisasi": "c13"}


@dataclass(frozen=True)
class _ObjectiveBudget:
    """One amount of the budget table a per-sasaran table (Tables 8–13) prints."""

    objective: str  # the sasaran's number, "1" … "6"
    table: str  # "Table 8" …
    code: str
    column: str  # "pagu" or "realisasi"
    amount: int


def _objective_budgets(printed: Mapping[str, PrintedFigure]) -> list[_ObjectiveBudget]:
    rows = []
    for key, figure in printed.items():
        match = _OBJECTIVE_BUDGET.match(key)
        if match is not None and figure.value is not None:
            rows.append(
                _ObjectiveBudget(
                    match["n"],
                    figure.label.split(",")[0],
                    match["code"],
                    match["column"],
                    printed_rupiah(figure),
                )
            )
    return rows


def same_figure_check(
    table: str, subject: str, places: Sequence[tuple[str, int]], named: str | None = None
) -> LkjipCheck | None:
    """One figure printed in several places (DOMAIN §7: "the same figure printed
    differently in two places"): a finding when the places disagree, naming every
    place, since the document alone cannot tell which is right. The row shows the
    figure printed differently beside the one most places print. None with fewer than
    two places. ``named`` is the subject as the message names it (with the program's name)."""
    if len(places) < 2:
        return None
    amounts = [amount for _, amount in places]
    # The figure most places print (the first place's on a tie).
    common = max(amounts, key=lambda amount: (amounts.count(amount), -amounts.index(amount)))
    odd = next((amount for amount in amounts if amount != common), common)
    listed = "; ".join(f"{where} {format_rupiah(amount)}" for where, amount in places)
    message = None
    if odd != common:
        message = (
            f"{named or subject} tercetak berbeda: {listed}. Angka yang sama seharusnya sama di "
            "semua tempat; periksa mana yang benar."
        )
    return LkjipCheck(
        table=table,
        subject=subject,
        printed_text=format_rupiah(odd),
        printed=odd,
        expected=common,
        values=tuple(amounts),
        message=message,
        money=True,
        basis=listed,
    )


_EFFICIENCY_KEY = re.compile(r"^objective:(?P<n>\d+):efficiency_(?P<part>rp|percent)$")


def efficiency_checks(printed: Mapping[str, PrintedFigure], policy: Policy) -> list[LkjipCheck]:
    """The efisiensi each of Tables 8–13 prints under its budget table: pagu − realisasi
    of the table's program in Rupiah, and that as a share of the pagu (DOMAIN §4.5;
    PermenPANRB 53/2014 Bab III "efisiensi penggunaan sumber daya"), both from the
    program row the same table prints. Seed 003 prints every Rupiah figure right and
    every percentage wrong: program 1's 514.554.900 of 6.426.345.746 is 8,01 %, printed
    18,10 % (DOMAIN §7)."""
    rows: dict[str, dict[str, dict[str, int]]] = {}
    for row in _objective_budgets(printed):
        rows.setdefault(row.objective, {}).setdefault(row.code, {})[row.column] = row.amount
    found: list[LkjipCheck] = []
    keyed = [(m, printed[k]) for k in printed if (m := _EFFICIENCY_KEY.match(k)) is not None]
    # Table by table, the Rupiah before the percentage, as each table prints them.
    keyed.sort(key=lambda pair: (int(pair[0]["n"]), pair[0]["part"] != "rp"))
    for match, figure in keyed:
        if figure.value is None:
            continue
        table = figure.label.split(",")[0]
        # The table's program row: the shortest code its budget table prints.
        codes = sorted(rows.get(match["n"], {}), key=lambda code: (code.count("."), code))
        if not codes:
            continue
        code = codes[0]
        amounts = rows[match["n"]][code]
        pagu, spent = amounts.get("pagu"), amounts.get("realisasi")
        if pagu is None or spent is None:
            continue
        computed = budget.efficiency(pagu, spent)
        basis = f"{format_rupiah(pagu)} − {format_rupiah(spent)}"
        message = None
        if match["part"] == "rp":
            value: Decimal | int = printed_rupiah(figure)
            expected: Decimal | int | None = computed.rupiah
            if value != expected:
                message = (
                    f"{table}, efisiensi anggaran program {code}: tercetak "
                    f"{format_rupiah(value)}, padahal pagu − realisasi = {basis} = "
                    f"{format_rupiah(computed.rupiah)}."
                )
            subject, money = f"Program {code}: efisiensi (Rp)", True
        else:
            value = printed_number(figure)
            expected = computed.percent
            basis = f"({basis}) ÷ {format_rupiah(pagu)} × 100"
            if differs(expected, value):
                message = (
                    f"{table}, efisiensi anggaran program {code}: tercetak "
                    f"{figure.text or show(value)}, padahal efisiensi ÷ pagu × 100 = "
                    f"{format_rupiah(computed.rupiah)} ÷ {format_rupiah(pagu)} × 100 = "
                    f"{show(expected, policy=policy)}%."
                )
            subject, money = f"Program {code}: efisiensi (%)", False
        found.append(
            LkjipCheck(
                table=table,
                subject=subject,
                printed_text=figure.text or show(value, money=money),
                printed=value,
                expected=expected,
                values=(pagu, spent),
                message=message,
                money=money,
                basis=basis,
            )
        )
    return found


def renja_keys() -> tuple[str, ...]:
    """The endings of the Lampiran III (Evaluasi Renja TW IV) figures the LKjIP's budget
    figures are compared with: column 8 and 13 in Rupiah."""
    return tuple(f":{column}:rp" for column in _RENJA_COLUMNS.values())


def budget_place_checks(
    printed: Mapping[str, PrintedFigure],
    lines: Sequence[PrintedSpending],
    renja: Mapping[str, PrintedFigure],
) -> list[LkjipCheck]:
    """Each program's pagu and realisasi as Bab II, Bab III section C, its Table 8–13 and
    Lampiran III print them, and the agency's total pagu as Bab II, Bab III B (BELANJA)
    and Lampiran III's JUMLAH print it (DOMAIN §7: program 3's pagu 20.333.317.095 in Bab
    II/III and 20.029.431.772 in Lampiran III, …, the total 32.654.909.391,
    32.654.919.391 and 32.351.024.068). ``renja`` holds Lampiran III's figures by key."""

    def amount(figures: Mapping[str, PrintedFigure], key: str) -> int | None:
        figure = figures.get(key)
        return printed_rupiah(figure) if figure is not None and figure.value is not None else None

    tables: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for row in _objective_budgets(printed):
        tables.setdefault((row.code, row.column), []).append((row.table, row.amount))
    codes = sorted({m["code"] for key in printed if (m := _PROGRAM_KEY.match(key))})
    found: list[LkjipCheck] = []
    for code in codes:
        name = printed.get(f"program:{code}:name_bab3_text")
        named = f"Program {code}" + (f" ({name.text})" if name is not None and name.text else "")
        for column, keys in (
            ("pagu", (("Bab II", "pagu_bab2"), ("Bab III bagian C", "pagu_bab3_text"))),
            ("realisasi", (("Bab III bagian C", "realisasi_bab3_text"),)),
        ):
            places = [
                (where, value)
                for where, suffix in keys
                if (value := amount(printed, f"program:{code}:{suffix}")) is not None
            ]
            places += tables.get((code, column), [])
            lampiran = amount(renja, f"renja:{code}:{_RENJA_COLUMNS[column]}:rp")
            if lampiran is not None:
                places.append((_LAMPIRAN_III, lampiran))
            check = same_figure_check(
                "Bab II/III", f"Program {code}: {column}", places, f"{named}: {column}"
            )
            if check is not None:
                found.append(check)
    places = []
    bab2 = amount(printed, "total_pagu_bab2")
    if bab2 is not None:
        places.append(("Bab II", bab2))
    total = _total_line(lines)
    if total is not None and total.pagu is not None:
        places.append((f"{_SPENDING} ({total.name})", total.pagu))
    lampiran = amount(renja, "renja:total:c8:rp")
    if lampiran is not None:
        places.append((f"{_LAMPIRAN_III} (JUMLAH)", lampiran))
    check = same_figure_check("Bab II/III", "Jumlah anggaran perangkat daerah", places)
    if check is not None:
        found.append(check)
    return found


def summary_check(
    printed: Mapping[str, PrintedFigure],
    lines: Sequence[PrintedSpending],
    average: Decimal | None,
    year: int,
    policy: Policy,
) -> LkjipCheck | None:
    """The Ikhtisar Eksekutif's capaian of the indicators against the average capaian of
    the IKU computed from the data (the Pemda's averaging, as the table shows it). When
    the printed figure is the budget absorption of Bab III B, the message says so (DOMAIN
    §7: the Ikhtisar calls 96,34 % the indicator achievement; it is budget absorption)."""
    claim = printed.get("summary:indicator_achievement")
    if claim is None or claim.value is None or average is None:
        return None
    number = printed_number(claim)
    message = None
    if differs(average, number):
        message = (
            f"Ikhtisar Eksekutif: capaian indikator sasaran tercetak {show(number)}%, padahal "
            f"rata-rata capaian IKU tahun {year} adalah {format_number(average, policy=policy)}%"
        )
        table_7 = printed.get("iku:average")
        if table_7 is not None and table_7.value is not None:
            message += f" (Tabel 7 mencetak {printed_display(table_7)})"
        message += "."
        total = _total_line(lines)
        absorption = (
            budget.absorption(total.pagu, total.realisasi)
            if total is not None and total.pagu and total.realisasi is not None
            else None
        )
        if total is not None and absorption is not None and not differs(absorption, number):
            assert total.pagu is not None and total.realisasi is not None
            message += (
                f" {show(number)}% adalah penyerapan anggaran ({_SPENDING}: "
                f"{format_rupiah(total.realisasi)} ÷ {format_rupiah(total.pagu)} × 100), "
                "bukan capaian kinerja."
            )
    return LkjipCheck(
        table="Ikhtisar Eksekutif",
        subject="Capaian indikator sasaran",
        printed_text=claim.text,
        printed=number,
        expected=average,
        values=(),
        message=message,
        basis=f"Rata-rata capaian IKU tahun {year} (Tabel 7 dari data)",
    )
