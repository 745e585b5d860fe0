"""Roll-ups over the Renja tree: DOMAIN §3 and §4.2.

Budget (pagu, realisasi) is recorded on the leaves (sub kegiatan, or whatever level
an agency budgets at); a kegiatan's and a program's figure is the sum of the leaves
beneath it (Permendagri 90/2019 nomenclature: a parent is the sum of its parts).
A parent's percentage is Σ realisasi ÷ Σ pagu (rules.budget), never a mean of its
children's percentages.

These functions are the only place a Renja figure is summed up the tree: the
realisasi sheet, the Evaluasi Renja form, the planning page, PK budget checks and the
LKjIP all call them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from sakip.rules.decimals import as_rupiah

K = TypeVar("K", bound=Hashable)


def sum_known(values: Iterable[int | None]) -> int | None:
    """Σ of the known amounts; None when none is known (an empty cell stays empty
    instead of printing a 0 nobody entered)."""
    total: int | None = None
    for value in values:
        if value is not None:
            amount = value if type(value) is int else as_rupiah(value, "rupiah")
            total = amount if total is None else total + amount
    return total


def children_of(parents: Mapping[K, K | None]) -> dict[K | None, list[K]]:
    """Each node's children, in the order ``parents`` lists them (roots under None)."""
    children: dict[K | None, list[K]] = {}
    for node, parent in parents.items():
        children.setdefault(parent if parent in parents else None, []).append(node)
    return children


def rollup(
    parents: Mapping[K, K | None],
    leaf_values: Callable[[K], Sequence[int | None]],
    width: int,
) -> dict[K, tuple[int | None, ...]]:
    """For every node of the tree ``parents`` (node → its parent, None for a root), a
    tuple of ``width`` amounts: a leaf's own (``leaf_values(node)``), a parent's the
    Σ of its children's, column by column (``sum_known``). Iterative, so a deep or
    wide tree costs one pass."""
    children = children_of(parents)
    result: dict[K, tuple[int | None, ...]] = {}
    stack: list[tuple[K, bool]] = [(root, False) for root in reversed(children.get(None, []))]
    while stack:
        node, expanded = stack.pop()
        kids = children.get(node, [])
        if not kids:
            values = tuple(leaf_values(node))
            if len(values) != width:
                raise ValueError(f"harus ada {width} nilai per baris")
            result[node] = values
        elif expanded:
            # Column by column over the children's tuples (each ``width`` long).
            result[node] = tuple(map(sum_known, zip(*(result[kid] for kid in kids), strict=True)))
        else:
            stack.append((node, True))
            stack.extend((kid, False) for kid in reversed(kids))
    return result
