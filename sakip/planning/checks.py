"""What the Renja page flags on each row, as the Renja import's preview does (DOMAIN §7:
the system flags inconsistencies where data is entered): a code that is not in the
year's Kepmendagri nomenclature (with the nearest valid codes), a program or kegiatan
whose recorded pagu is not the sum of its sub kegiatan, and one whose sum is incomplete
because some of its sub kegiatan have no pagu. Plain computation over the loaded
tree: the page's queries stay constant."""

from __future__ import annotations

from collections.abc import Sequence

from sakip.planning.loaders import RenjaNode
from sakip.rules.formatting import format_rupiah
from sakip.rules.nomenclature import ReferenceIndex


def renja_flags(
    nodes: Sequence[RenjaNode], year: int, index: ReferenceIndex | None
) -> dict[int, list[str]]:
    """Row (item pk) → what to tell the user about it, in Indonesian. ``nodes`` is
    the tree of loaders.load_renja_tree; ``index`` the year's nomenclature, or None
    when none has been imported (codes are then not checked)."""
    flags: dict[int, list[str]] = {}

    def flag(node: RenjaNode, message: str) -> None:
        flags.setdefault(node.item.pk, []).append(message)

    for node in nodes:
        if index is not None and index.find(node.item.code) is None:
            nearest = [r.text for r in index.nearest(node.item.code)]
            hint = f" Kode sah terdekat: {', '.join(nearest)}." if nearest else ""
            flag(node, f"Kode {node.item.code} tidak ada dalam nomenklatur tahun {year}.{hint}")
        if node.is_leaf:
            continue
        if node.own_pagu is not None and node.own_pagu != node.pagu:
            flag(
                node,
                f"Pagu {node.item.code} tercatat {format_rupiah(node.own_pagu)}, jumlah sub "
                f"kegiatannya {format_rupiah(node.pagu)}; yang dipakai adalah jumlahnya.",
            )
        # Flagged on the row right above the sub kegiatan, not on every ancestor.
        missing = [c for c in node.children if c.is_leaf and c.pagu is None]
        if missing and node.pagu is not None:
            codes = ", ".join(c.item.code for c in missing[:5])
            more = f" dan {len(missing) - 5} lainnya" if len(missing) > 5 else ""
            flag(
                node,
                f"{len(missing)} sub kegiatannya belum memiliki pagu ({codes}{more}); jumlah "
                "pagunya belum lengkap.",
            )
    return flags
