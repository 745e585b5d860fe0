"""Who signs on a given day, from a position's holdings of the year.

A position may have several holders in one year: a Plt. until the definitif official
is installed, a Plh. while the holder is away (SE Kepala BKN 1/SE/I/2021). A document
is signed by whoever holds the position on its date: a PK dated in March by the Plt.
who held the post then, the Evaluasi Renja of TW IV by the definitif installed in July.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Held(Protocol):
    year: int
    acting: bool
    start_date: datetime.date | None
    end_date: datetime.date | None


H = TypeVar("H", bound=Held)


def covers(holding: Held, day: datetime.date) -> bool:
    """The holding's period includes ``day``: no start date means from the start of its
    year, no end date to its end."""
    start, end = holding.start_date, holding.end_date
    return (start is None or start <= day) and (end is None or day <= end)


def span(holding: Held) -> int:
    """How many days the holding's period lasts within its year."""
    start = holding.start_date or datetime.date(holding.year, 1, 1)
    end = holding.end_date or datetime.date(holding.year, 12, 31)
    return (end - start).days


def in_order_on(holdings: Sequence[H], day: datetime.date | None) -> list[H]:
    """``holdings`` with who signs on ``day`` first: among those whose period covers the
    day, the one of the shortest period (a Plh. for ten days in March signs in those
    days although the definitif holds the post all year; a Plt. until June before a
    definitif recorded without dates), then the definitif before a stand-in; then the
    holdings that do not cover the day, definitif first. Where ``day`` is not given it
    is simply definitif first. Stable: holdings equal on every count keep their order."""
    if day is None:
        return sorted(holdings, key=lambda h: h.acting)
    return sorted(
        holdings,
        key=lambda h: (0, span(h), h.acting) if covers(h, day) else (1, 0, h.acting),
    )


def holder_on(holdings: Sequence[H], day: datetime.date | None) -> H | None:
    """Who signs on ``day`` (see :func:`in_order_on`); None when there is no holding."""
    ordered = in_order_on(holdings, day)
    return ordered[0] if ordered else None
