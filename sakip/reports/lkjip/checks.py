"""Checks of an LKjIP's narrative against its own tables, and of its signatory.

A figure typed in the narrative must be one the tables hold (DOMAIN §6-7: seed 003's
Ikhtisar calls 96,34 % the indicator achievement, which is the budget absorption).
A sentence that speaks of the budget (anggaran, serapan, realisasi keuangan) is read
against the budget figures; one that speaks of performance (capaian, kinerja) against
the capaian; any other against every figure of the report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sakip.reports.checks import differs
from sakip.reports.lkjip.compute import LkjipFigures
from sakip.rules.formatting import format_decimal_trimmed, format_rupiah

_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:[.,]\d+)?)\s?%")
_RUPIAH = re.compile(r"Rp\.?\s?(\d{1,3}(?:\.\d{3})+|\d+)(?:,-|,00)?", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z0-9(])|\n+")
_BUDGET_WORDS = re.compile(r"anggaran|serapan|penyerapan|keuangan|pagu|belanja", re.IGNORECASE)
_PERFORMANCE_WORDS = re.compile(r"capaian|kinerja|indikator|sasaran", re.IGNORECASE)


@dataclass(frozen=True)
class NarrativeFinding:
    section: str  # the section's key
    title: str  # the section's title, as the user reads it
    message: str


def _number(text: str) -> Decimal | None:
    """ "96,34" → 96.34; "1.250" (thousands) → 1250; "96.34" (a point typed for a comma)
    → 96.34."""
    cleaned = text.replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _percent_figures(figures: LkjipFigures, key: str) -> tuple[list[Decimal], list[Decimal]]:
    """The performance and the budget percentages section ``key`` may cite."""
    performance: list[Decimal | None] = [figures.average]
    money: list[Decimal | None] = [figures.absorption]
    performance += [b.share for b in figures.bands]
    indicators = figures.indicators
    programs = figures.programs
    if key.startswith("sasaran:"):
        number = int(key.split(":", 1)[1])
        objective = next((o for o in figures.objectives if o.number == number), None)
        if objective is not None:
            performance.append(objective.average)
            indicators = list(objective.indicators)
            programs = list(objective.programs)
    else:
        performance += [o.average for o in figures.objectives]
    for item in indicators:
        performance += [
            item.achievement,
            item.previous_achievement,
            item.end_achievement,
            item.target,
            item.actual,
            item.previous_actual,
        ]
        if item.change is not None:
            performance += [abs(item.change.points)]
    for program in programs:
        money += [program.absorption, program.efficiency.percent]
        money += [a.absorption for a in program.activities]
    money += [line.absorption for line in figures.spending]
    performance += [t.performance for t in figures.trend]
    money += [t.absorption for t in figures.trend]
    return (
        [v for v in performance if v is not None],
        [v for v in money if v is not None],
    )


def _rupiah_figures(figures: LkjipFigures) -> set[int]:
    amounts = {figures.pagu, figures.realisasi, figures.pagu - figures.realisasi}
    for program in figures.programs:
        amounts |= {program.pagu, program.realisasi, program.efficiency.rupiah}
        for activity in program.activities:
            amounts |= {activity.pagu, activity.realisasi, activity.pagu - activity.realisasi}
    for line in figures.spending:
        amounts |= {a for a in (line.pagu, line.realisasi) if a is not None}
    return amounts


def _matches(value: Decimal, candidates: list[Decimal]) -> bool:
    return any(not differs(candidate, value) for candidate in candidates)


def _shown(values: list[Decimal]) -> str:
    texts: list[str] = []
    for value in sorted(set(values)):
        text = f"{format_decimal_trimmed(value, 2)}%"
        if text not in texts:
            texts.append(text)
    return ", ".join(texts[:10]) + (" …" if len(texts) > 10 else "")


def check_text(key: str, title: str, text: str, figures: LkjipFigures) -> list[NarrativeFinding]:
    """The figures of ``text`` that no table of the report holds, each with a sentence
    saying what the tables hold instead."""
    performance, money = _percent_figures(figures, key)
    amounts = _rupiah_figures(figures)
    found: list[NarrativeFinding] = []
    for sentence in _SENTENCE.split(text):
        budget_talk = bool(_BUDGET_WORDS.search(sentence))
        performance_talk = bool(_PERFORMANCE_WORDS.search(sentence))
        for match in _PERCENT.finditer(sentence):
            value = _number(match.group(1))
            if value is None:
                continue
            if budget_talk and not performance_talk:
                allowed, kind = money, "angka anggaran"
            elif performance_talk and not budget_talk:
                allowed, kind = performance, "angka capaian kinerja"
            else:
                allowed, kind = performance + money, "angka"
            if _matches(value, allowed):
                continue
            hint = ""
            if allowed is performance and _matches(value, money):
                hint = " Angka itu adalah angka anggaran (serapan), bukan capaian kinerja."
            elif allowed is money and _matches(value, performance):
                hint = " Angka itu adalah angka capaian kinerja, bukan angka anggaran."
            found.append(
                NarrativeFinding(
                    key,
                    title,
                    f"{title}: “{match.group(0).strip()}” tidak sesuai dengan {kind} pada "
                    f"tabel laporan ini ({_shown(allowed)}).{hint}",
                )
            )
        for match in _RUPIAH.finditer(sentence):
            digits = match.group(1).replace(".", "")
            if not digits.isdigit():
                continue
            amount = int(digits)
            if amount in amounts:
                continue
            found.append(
                NarrativeFinding(
                    key,
                    title,
                    f"{title}: “{match.group(0).strip()}” tidak ada pada tabel anggaran laporan "
                    f"ini (pagu {format_rupiah(figures.pagu)}, realisasi "
                    f"{format_rupiah(figures.realisasi)}, dan angka per program).",
                )
            )
    return found


def signatory_findings(figures: LkjipFigures) -> list[str]:
    """The NIP under the Kata Pengantar: the head's recorded NIP, and the one the
    imported LKjIP printed (DOMAIN §7: "197-10607199703 1 007")."""
    found = []
    if figures.head is not None and figures.head.nip and not figures.head.nip_valid:
        found.append(
            f"NIP {figures.head.name} tercatat “{figures.head.nip}” dan tidak valid; "
            "perbaiki data pegawai sebelum laporan ditandatangani."
        )
    if figures.printed_signatory_errors:
        found.append(
            f"LKjIP tercetak, Kata Pengantar: NIP penanda tangan tercetak "
            f"“{figures.printed_signatory_nip}” tidak valid: "
            + "; ".join(figures.printed_signatory_errors)
            + "."
        )
    return found
