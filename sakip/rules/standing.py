"""Where the agencies of a Pemda stand: how much of a quarter has been entered, and a
ranking by achievement (the Pemda dashboard, issue 12).

The ranking rule, stated on the dashboard beside it: agencies are ordered by their
rata-rata capaian kinerja of the year up to the quarter (the Evaluasi Hasil Renja's
footer, Permendagri 86/2017), highest first; equal capaian are ordered by serapan
anggaran (DOMAIN §4.5 sets achievement beside absorption), highest first; agencies
equal on both share a rank ("1, 2, 2, 4"); an agency whose capaian cannot be computed
is not ranked."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sakip.rules.decimals import HUNDRED, compute_context

RANKING_RULE = (
    "Peringkat menurut rata-rata capaian kinerja (K) tahun berjalan sampai triwulan "
    "terpilih pada Evaluasi Hasil Renja, tertinggi lebih dahulu; capaian yang sama "
    "diurutkan menurut serapan anggaran (Rp); nilai yang sama pada keduanya berbagi "
    "peringkat. Perangkat daerah yang capaiannya tidak dapat dihitung tidak diperingkat."
)


def entered_share(entered: int, total: int) -> Decimal | None:
    """entered ÷ total × 100, exact; None where there is nothing to enter."""
    if isinstance(entered, bool) or isinstance(total, bool):
        raise TypeError("jumlah harus bilangan bulat")
    if entered < 0 or total < 0 or entered > total:
        raise ValueError("jumlah terisi harus di antara 0 dan jumlah seluruhnya")
    if total == 0:
        return None
    ctx = compute_context()
    return ctx.multiply(ctx.divide(Decimal(entered), Decimal(total)), HUNDRED)


def ranks(scores: Sequence[tuple[Decimal | None, Decimal | None]]) -> list[int | None]:
    """The rank of each ``(capaian, serapan)`` pair in its own position (standard
    competition ranking, see the module's rule); None for an agency without capaian."""

    def key(index: int) -> tuple[Decimal, bool, Decimal]:
        achievement, absorption = scores[index]
        assert achievement is not None
        return (-achievement, absorption is None, -(absorption or Decimal(0)))

    ranked = sorted((i for i, (k, _) in enumerate(scores) if k is not None), key=key)
    out: list[int | None] = [None] * len(scores)
    previous: tuple[Decimal, bool, Decimal] | None = None
    for position, index in enumerate(ranked, start=1):
        current = key(index)
        rank = out[ranked[position - 2]] if previous == current else position
        out[index] = rank
        previous = current
    return out
