"""One Pemda's computation choices (DOMAIN §4), as a frozen value.

Every rule marked *policy* in DOMAIN §4 is a per-Pemda setting with the default given
there, because Pemdas and documents differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sakip.rules.decimals import as_decimal, as_optional_decimal, quantize


class LowerIsBetterFormula(StrEnum):
    """How a lower-is-better ("progres negatif") indicator's capaian is computed."""

    # PermenPANRB 6/2022 (Sistem Manajemen Kinerja ASN, "kondisi khusus"):
    # capaian = (1 + (1 − R/T)) × 100% = (2T − R) / T × 100. The default.
    INVERSE_2T = "inverse_2t"
    # Practice in some e-SAKIP apps (regulations.md §1.2 N2): capaian = T / R × 100.
    RATIO = "ratio"


class Rounding(StrEnum):
    """How figures are rounded for display (DOMAIN §4.1: half-up by default)."""

    HALF_UP = "half_up"
    TRUNCATE = "truncate"


@dataclass(frozen=True)
class Policy:
    """A Pemda's computation policy. Defaults are DOMAIN §4's."""

    lower_is_better_formula: LowerIsBetterFormula = LowerIsBetterFormula.INVERSE_2T
    #: Cap applied to each achievement only when averaging (regulations.md §1.4); the
    #: raw value is always kept and shown. None = no cap (the default).
    achievement_cap: Decimal | None = None
    rounding: Rounding = Rounding.HALF_UP
    decimals: int = 2
    weighted_average: bool = False
    #: Below this capaian (%) an explanation is required.
    low_achievement_threshold: Decimal = Decimal("75")
    #: Realisasi above this % of the target is flagged as suspicious.
    far_beyond_target_percent: Decimal = Decimal("200")
    #: Round a realisasi to the displayed decimals (``decimals``, ``rounding``) before its
    #: capaian is computed, as Pemdas that compute from the printed realisasi do. Off by
    #: default: figures are kept unrounded and rounded only for display (DOMAIN §4).
    round_actual_before_achievement: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "lower_is_better_formula", LowerIsBetterFormula(self.lower_is_better_formula)
        )
        object.__setattr__(self, "rounding", Rounding(self.rounding))
        cap = as_optional_decimal(self.achievement_cap, "batas atas capaian")
        if cap is not None and cap <= 0:
            raise ValueError("batas atas capaian harus lebih dari 0")
        if isinstance(self.decimals, bool) or not isinstance(self.decimals, int):
            raise TypeError("jumlah desimal harus bilangan bulat")
        if not 0 <= self.decimals <= 10:
            raise ValueError("jumlah desimal harus antara 0 dan 10")
        if not isinstance(self.weighted_average, bool):
            raise TypeError("rata-rata tertimbang harus True/False")
        if not isinstance(self.round_actual_before_achievement, bool):
            raise TypeError("pembulatan realisasi sebelum menghitung capaian harus True/False")
        as_decimal(self.low_achievement_threshold, "ambang capaian rendah")
        if as_decimal(self.far_beyond_target_percent, "ambang realisasi jauh melampaui") <= 0:
            raise ValueError("ambang realisasi jauh melampaui target harus lebih dari 0")


DEFAULT_POLICY = Policy()


def round_for_display(value: Decimal, policy: Policy = DEFAULT_POLICY) -> Decimal:
    """``value`` rounded the way ``policy`` displays it (DOMAIN §4.1: rounding is a
    policy, half-up to 2 decimals by default). Only for display; never feed the result
    back into a computation."""
    return quantize(value, policy.decimals, truncate=policy.rounding is Rounding.TRUNCATE)
