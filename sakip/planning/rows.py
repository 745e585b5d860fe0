"""A Renja's rows as the reports read them: plain, frozen values, not model instances.

The Evaluasi Renja of every agency of a kabupaten reads thousands of program lines and
indicators; building a Django model instance for each (every field, descriptor and
state object) cost more than the queries themselves (``make bench``). Reports only read
these rows, so the loaders (:mod:`sakip.planning.loaders`) fetch exactly the columns
below with ``values_list`` and hand out these records; nothing here can be saved back.

They are named tuples: made from a fetched row in one step (a frozen dataclass sets
its fields one by one, which cost as much as fetching the row), immutable, and, holding
only numbers and text, not tracked by the cyclic garbage collector.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from sakip.rules import values as value_rules


class ItemRow(NamedTuple):
    """A program, kegiatan or sub kegiatan of one agency's Renja of one year."""

    id: int
    agency_id: int
    parent_id: int | None
    level: str  # ProgramItem.Level: "program", "kegiatan", "subkegiatan"
    code: str
    name: str
    sort_key: str
    objective_id: int | None
    #: The Renstra sasaran a program serves: its number (LKjIP Bab III groups by it) and
    #: its name (the Evaluasi Renja prints it above the program).
    objective_number: int | None
    objective_name: str | None

    @property
    def pk(self) -> int:
        return self.id

    #: The columns, in the order of the fields above, for ``values_list``.
    COLUMNS = (
        "id",
        "agency_id",
        "parent_id",
        "level",
        "code",
        "name",
        "sort_key",
        "objective_id",
        "objective__number",
        "objective__name",
    )


class IndicatorRow(NamedTuple):
    """An indicator of a Renja row, with what the computation of its figures needs."""

    id: int
    program_item_id: int
    code: str
    name: str
    unit: str
    polarity: str  # values.Polarity
    quarter_combine: str  # periods.Combine
    year_combine: str  # periods.Combine
    allows_negative_actual: bool
    end_target: Decimal | None
    end_target_text: str

    @property
    def pk(self) -> int:
        return self.id

    @property
    def end_target_figure(self) -> value_rules.Figure:
        return value_rules.parse_figure(self.end_target_text)

    COLUMNS = (
        "id",
        "program_item_id",
        "code",
        "name",
        "unit",
        "polarity",
        "quarter_combine",
        "year_combine",
        "allows_negative_actual",
        "end_target",
        "end_target_text",
    )
