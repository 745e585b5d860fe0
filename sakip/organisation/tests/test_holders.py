"""Who signs on a day, from a position's holdings of the year (organisation.holders)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sakip.organisation.holders import holder_on, in_order_on


@dataclass
class Holding:
    name: str
    acting: bool
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    year: int = 2025


def d(month: int, day: int) -> datetime.date:
    return datetime.date(2025, month, day)


def test_without_dates_the_definitif_holder_signs_before_a_stand_in():
    plt, definitif = Holding("plt", True), Holding("definitif", False)
    assert holder_on([plt, definitif], d(3, 1)) is definitif
    assert holder_on([plt, definitif], None) is definitif


def test_a_plt_until_june_then_the_definitif_from_july():
    plt = Holding("plt", True, d(1, 1), d(6, 30))
    definitif = Holding("definitif", False, d(7, 1))
    assert holder_on([definitif, plt], d(3, 31)) is plt
    assert holder_on([definitif, plt], d(6, 30)) is plt
    assert holder_on([definitif, plt], d(7, 1)) is definitif
    assert holder_on([definitif, plt], d(12, 31)) is definitif


def test_a_plt_with_dates_before_a_definitif_recorded_without_any():
    plt = Holding("plt", True, end_date=d(6, 30))
    definitif = Holding("definitif", False)
    assert holder_on([definitif, plt], d(2, 1)) is plt
    assert holder_on([definitif, plt], d(9, 1)) is definitif


def test_a_plh_signs_only_in_the_days_it_stands_in():
    definitif = Holding("definitif", False, d(1, 1), d(12, 31))
    plh = Holding("plh", True, d(3, 27), d(4, 7))
    assert holder_on([definitif, plh], d(3, 31)) is plh
    assert holder_on([definitif, plh], d(4, 8)) is definitif


def test_on_a_day_nobody_covers_the_definitif_comes_first_and_nothing_is_lost():
    definitif = Holding("definitif", False, d(7, 1))
    plt = Holding("plt", True, d(2, 1), d(5, 31))
    assert holder_on([plt, definitif], d(1, 10)) is definitif
    assert in_order_on([plt, definitif], d(1, 10)) == [definitif, plt]
    assert holder_on([], d(1, 10)) is None
