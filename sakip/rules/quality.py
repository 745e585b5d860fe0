"""Data-quality findings over plain values (DOMAIN §7: "The system flags each of these
kinds of inconsistency where data is entered or imported, with a message a staff
member understands").

Each check returns a :class:`Finding` (or None when all is well). ``code`` is a stable
machine id; ``message`` is Indonesian and names the figures the way users read them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

from sakip.rules.achievement import average_achievement
from sakip.rules.decimals import (
    HUNDRED,
    as_decimal,
    as_optional_decimal,
    as_rupiah,
    compute_context,
    decimal_places,
    quantize,
)
from sakip.rules.formatting import (
    MONTHS,
    ROMAN_QUARTERS,
    format_decimal_trimmed,
    format_number,
    format_rupiah,
)
from sakip.rules.nip import format_nip, parse_nip
from sakip.rules.periods import COMBINE_LABELS, Combine, combine
from sakip.rules.policy import DEFAULT_POLICY, Policy, Rounding, round_for_display
from sakip.rules.values import parse_figure

Severity = Literal["error", "warning"]

TOTAL_MISMATCH = "total_mismatch"
MEAN_MISMATCH = "mean_mismatch"
VALUE_MISMATCH = "value_mismatch"
PERCENT_OVER_ZERO_TARGET = "percent_over_zero_target"
QUARTERS_SUMMED = "quarters_summed"
YEAR_MISMATCH = "year_mismatch"
MISSING_QUARTER = "missing_quarter"
FAR_BEYOND_TARGET = "far_beyond_target"
NEGATIVE_VALUE = "negative_value"
EXPLANATION_REQUIRED = "explanation_required"
DATE_YEAR_MISMATCH = "date_year_mismatch"
INVALID_NIP = "invalid_nip"
NIP_MISMATCH = "nip_mismatch"
COMPOUND_TARGET = "compound_target"
UNREADABLE_FIGURE = "unreadable_figure"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    printed: Decimal | int | None = None
    expected: Decimal | int | None = None


def _prefix(label: str) -> str:
    return f"{label}: " if label else ""


def _sentence(label: str, text: str) -> str:
    """``text`` after "label: ", or capitalised when there is no label."""
    return _prefix(label) + text if label else text[:1].upper() + text[1:]


def shown(value: Decimal | int, policy: Policy = DEFAULT_POLICY) -> str:
    """A computed figure in a message with the report's display rounding (DOMAIN §4.1:
    the policy's decimals and rounding mode), trailing zeros dropped, so that a message
    never quotes a figure the report shows differently: "265,71" (half-up, 2), "265,7"
    (half-up, 1), "93,45" where truncation keeps 93,456 at two decimals."""
    return format_decimal_trimmed(round_for_display(as_decimal(value, "angka"), policy))


def _show(value: Decimal | int, money: bool = False, decimals: int | None = None) -> str:
    if isinstance(value, int) and money:
        return format_rupiah(value)
    if decimals is not None:
        return format_number(value, decimals)
    return format_decimal_trimmed(value)


def check_total(
    lines: Sequence[int], printed_total: int, label: str = "", money: bool = True
) -> Finding | None:
    """A printed total that is not the sum of its lines (e.g. seed 003 Lampiran I: the
    Kepala's PK programs sum to Rp45.231.971.529, printed Rp45.267.771.529)."""
    expected = sum(as_rupiah(line, "baris") for line in lines)
    printed = as_rupiah(printed_total, "jumlah tercetak")
    if expected == printed:
        return None
    diff = abs(printed - expected)
    return Finding(
        code=TOTAL_MISMATCH,
        severity="error",
        message=_sentence(
            label,
            f"jumlah tercetak {_show(printed, money)} tidak sama dengan jumlah baris "
            f"{_show(expected, money)} (selisih {_show(diff, money)}).",
        ),
        printed=printed,
        expected=expected,
    )


def check_mean(
    values: Sequence[Decimal | None],
    printed_mean: Decimal,
    policy: Policy = DEFAULT_POLICY,
    label: str = "",
) -> Finding | None:
    """A printed average that is not the mean of its values, compared after rounding
    both to ``policy.decimals``. The mean is the policy's (DOMAIN §4.2: simple, capped
    for averaging when the policy says so). Seed 003 Table 7 prints 98,18 where the mean
    of 89,34/100/125/125/100/100 is 106,56."""
    mean = average_achievement(values, policy)
    printed = as_decimal(printed_mean, "rata-rata tercetak")
    if mean is None:
        return None
    shown_mean = round_for_display(mean, policy)
    shown_printed = round_for_display(printed, policy)
    if shown_mean == shown_printed:
        return None
    return Finding(
        code=MEAN_MISMATCH,
        severity="error",
        message=_sentence(
            label,
            f"rata-rata tercetak {format_number(printed, policy=policy)} tidak sama dengan "
            f"rata-rata dari {len([v for v in values if v is not None])} nilai, yaitu "
            f"{format_number(mean, policy=policy)}.",
        ),
        printed=printed,
        expected=mean,
    )


def check_printed_value(
    computed: Decimal | int | None,
    printed: Decimal | int | None,
    policy: Policy = DEFAULT_POLICY,
    label: str = "",
) -> Finding | None:
    """A printed figure that differs from the computed one. The computed value is
    rounded (per the policy's rounding) to as many decimals as the printed value shows,
    so a printed "63,2" matches 63,196…. A printed percentage where nothing can be
    computed (target 0) is flagged as ``percent_over_zero_target``."""
    if printed is None:
        return None
    printed_value = as_decimal(printed, "nilai tercetak")
    if computed is None:
        return Finding(
            code=PERCENT_OVER_ZERO_TARGET,
            severity="error",
            message=_sentence(
                label,
                f"tercetak {format_decimal_trimmed(printed_value)}, padahal nilai ini tidak "
                "dapat dihitung (targetnya 0 atau belum diisi); kosongkan atau beri keterangan.",
            ),
            printed=printed,
            expected=None,
        )
    computed_value = as_decimal(computed, "nilai hitungan")
    places = decimal_places(printed)
    shown = quantize(computed_value, places, truncate=policy.rounding is Rounding.TRUNCATE)
    if shown == printed_value:
        return None
    money = isinstance(computed, int) and isinstance(printed, int)
    if money:
        expected_text = _show(computed, money=True)
    else:
        # At least the printed decimals, so the difference shows; rounded per policy.
        expected_text = format_decimal_trimmed(
            quantize(
                computed_value,
                max(places, policy.decimals),
                truncate=policy.rounding is Rounding.TRUNCATE,
            )
        )
    return Finding(
        code=VALUE_MISMATCH,
        severity="error",
        message=_sentence(
            label,
            f"tercetak {_show(printed, money)}, padahal hasil hitungnya {expected_text}.",
        ),
        printed=printed,
        expected=computed,
    )


def quarter_findings(
    values: Sequence[Decimal | None],
    method: Combine | str,
    printed_year: Decimal | None,
    policy: Policy = DEFAULT_POLICY,
    written: str = "tercetak",
) -> list[Finding]:
    """Every problem of a row of quarters (TW I..the evaluated one) and its printed
    year value: a missing quarter, a non-cumulative indicator whose quarters were
    summed, and a year value that is not the combination of the quarters. The printed
    figure is quoted as printed; the computed one with the policy's display rounding.
    ``written`` says where the year figure comes from: "tercetak" (a printed document)
    or "tercatat" (a figure recorded in sakip)."""
    method = Combine(method)
    quarters = [as_optional_decimal(v, "realisasi triwulan") for v in values]
    printed = as_optional_decimal(printed_year, "realisasi tahun tercetak")
    findings: list[Finding] = []
    missing = [
        ROMAN_QUARTERS[i] if i < 4 else str(i + 1) for i, v in enumerate(quarters) if v is None
    ]
    if missing:
        findings.append(
            Finding(
                code=MISSING_QUARTER,
                severity="warning",
                message=f"Realisasi triwulan {', '.join(missing)} belum diisi.",
            )
        )
    expected = combine(quarters, method)
    if printed is None or expected is None:
        return findings
    with localcontext(compute_context()):
        total = sum((v for v in quarters if v is not None), Decimal(0))
    places = decimal_places(printed)
    if quantize(expected, places) == printed:
        return findings
    if method is not Combine.SUM and total == printed:
        findings.append(
            Finding(
                code=QUARTERS_SUMMED,
                severity="error",
                message=(
                    f"Indikator ini {COMBINE_LABELS[method]}, tetapi realisasi tahunan {written} "
                    f"{format_decimal_trimmed(printed)} adalah jumlah keempat triwulan; "
                    f"seharusnya {shown(expected, policy)}."
                ),
                printed=printed,
                expected=expected,
            )
        )
    else:
        findings.append(
            Finding(
                code=YEAR_MISMATCH,
                severity="error",
                message=(
                    f"Realisasi tahunan {written} {format_decimal_trimmed(printed)} tidak sesuai "
                    f"dengan realisasi triwulan ({COMBINE_LABELS[method]}): "
                    f"{shown(expected, policy)}."
                ),
                printed=printed,
                expected=expected,
            )
        )
    return findings


def check_quarters(
    values: Sequence[Decimal | None],
    method: Combine | str,
    printed_year: Decimal | None,
    policy: Policy = DEFAULT_POLICY,
) -> Finding | None:
    """The first of :func:`quarter_findings` (missing quarter first), or None."""
    findings = quarter_findings(values, method, printed_year, policy)
    return findings[0] if findings else None


def check_far_beyond(
    target: Decimal | int | None, actual: Decimal | int | None, policy: Policy = DEFAULT_POLICY
) -> Finding | None:
    """Realisasi above ``policy.far_beyond_target_percent`` % of a positive target: often a
    unit mix-up (seed 003's gaji row: 93 "orang/bulan" against a target of 35 orang)."""
    t = as_optional_decimal(target, "target")
    r = as_optional_decimal(actual, "realisasi")
    if t is None or r is None or t <= 0:
        return None
    ctx = compute_context()
    limit = ctx.divide(ctx.multiply(t, policy.far_beyond_target_percent), HUNDRED)
    if r <= limit:
        return None
    share = ctx.multiply(ctx.divide(r, t), HUNDRED)
    return Finding(
        code=FAR_BEYOND_TARGET,
        severity="warning",
        message=(
            f"Realisasi {shown(r, policy)} adalah {format_number(share, policy=policy)}% "
            f"dari target {shown(t, policy)}, melebihi "
            f"{format_decimal_trimmed(policy.far_beyond_target_percent)}%; periksa kembali "
            "angka dan satuannya."
        ),
        printed=r,
        expected=t,
    )


def check_negative(
    value: Decimal | int | None, label: str = "", allowed: bool = False
) -> Finding | None:
    """A negative target, realisasi or amount: an error, unless the indicator allows a
    negative realisasi (a reduction, "% penurunan", that got worse instead: issue 9),
    where it is a warning asking to check the sign."""
    number = as_optional_decimal(value, "nilai")
    if number is None or number >= 0:
        return None
    if allowed:
        return Finding(
            code=NEGATIVE_VALUE,
            severity="warning",
            message=_sentence(
                label,
                f"nilai negatif ({format_decimal_trimmed(number)}) diizinkan untuk indikator "
                "ini, artinya kondisinya berbalik arah (mis. yang ditargetkan turun justru "
                "naik); pastikan tandanya benar.",
            ),
            printed=value,
        )
    return Finding(
        code=NEGATIVE_VALUE,
        severity="error",
        message=_sentence(
            label, f"nilai negatif ({format_decimal_trimmed(number)}) tidak lazim; periksa kembali."
        ),
        printed=value,
    )


def check_low_achievement(
    achievement: Decimal | None,
    explanation: str | None,
    policy: Policy = DEFAULT_POLICY,
    label: str = "",
) -> Finding | None:
    """A capaian below ``policy.low_achievement_threshold`` without an explanation
    (PermenPANRB 53/2014 LKjIP: the causes of failure and the solutions taken)."""
    value = as_optional_decimal(achievement, "capaian")
    if value is None or value >= policy.low_achievement_threshold:
        return None
    if explanation and explanation.strip():
        return None
    return Finding(
        code=EXPLANATION_REQUIRED,
        severity="warning",
        message=_sentence(
            label,
            f"capaian {format_number(value, policy=policy)}% di bawah "
            f"{format_decimal_trimmed(policy.low_achievement_threshold)}%; jelaskan penyebab "
            "dan langkah perbaikannya.",
        ),
        printed=value,
    )


def check_document_date(year: int, dated: datetime.date, label: str = "") -> Finding | None:
    """A document of ``year`` dated outside it (seed 003: 2024 PKs dated "Januari 2023").
    A PK may be signed once the DPA is approved, so December of the year before is fine."""
    if dated.year == year or (dated.year == year - 1 and dated.month == 12):
        return None
    return Finding(
        code=DATE_YEAR_MISMATCH,
        severity="warning",
        message=_sentence(
            label,
            f"dokumen tahun {year} bertanggal {dated.day} {_month(dated)} {dated.year}; "
            "periksa tahun pada tanggalnya.",
        ),
        printed=dated.year,
        expected=year,
    )


def _month(d: datetime.date) -> str:
    return MONTHS[d.month - 1]


def check_nip(text: str | None, label: str = "") -> Finding | None:
    """A malformed NIP (DOMAIN §7: "197-10607199703 1 007", "19710607117031007")."""
    if text is None or not text.strip():
        return None
    check = parse_nip(text)
    if check.valid:
        return None
    return Finding(
        code=INVALID_NIP,
        severity="error",
        message=_sentence(label, f"NIP “{text.strip()}” tidak sah: {'; '.join(check.errors)}."),
    )


# Two numbers each followed by a word: "2 Dokumen dan 10 Kec", "144 Laporan 24 Dokumen".
def check_nip_consistency(printed: Sequence[str | None], label: str = "") -> Finding | None:
    """One person printed with different NIPs in different places (seed 000: Eko Heru
    Surono is "19670425 198903 1 005" on the statement page and "195704181989031005"
    under the lampiran; both are well-formed, only the comparison shows it)."""
    digits = sorted(
        {check.digits for text in printed if text and (check := parse_nip(text)).digits}
    )
    if len(digits) < 2:
        return None
    shown = ", ".join(format_nip(d) if len(d) == 18 else d for d in digits)
    return Finding(
        code=NIP_MISMATCH,
        severity="error",
        message=_sentence(label, f"NIP yang sama tertulis berbeda: {shown}."),
    )


_COMPOUND_RE = re.compile(r"[0-9][0-9.,]*\s*[^\W\d_]+.*?[0-9]")


def check_figure_text(text: str | None, label: str = "") -> Finding | None:
    """A printed target that is not one figure: a compound one ("2 Dokumen dan 10 Kec"
    is really two indicators, DOMAIN §3) or one that cannot be read at all."""
    figure = parse_figure(text)
    if figure.kind != "text":
        return None
    if _COMPOUND_RE.search(figure.text):
        return Finding(
            code=COMPOUND_TARGET,
            severity="warning",
            message=_sentence(
                label,
                f"target “{figure.text}” memuat lebih dari satu ukuran; pisahkan menjadi "
                "beberapa indikator agar capaiannya dapat dihitung.",
            ),
        )
    return Finding(
        code=UNREADABLE_FIGURE,
        severity="warning",
        message=_sentence(label, f"“{figure.text[:60]}” tidak dapat dibaca sebagai angka."),
    )
