"""What the API answers, as typed schemas (they make the OpenAPI document).

Figures are exact: Decimal values travel as JSON strings ("87.5"), Rupiah as whole
numbers; nothing is localised or rounded (round for display on the client's side)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class Me(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    pemda: str | None
    agency_id: int | None


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    pemda: str


class IndicatorTargetOut(Schema):
    id: int
    name: str
    unit: str
    target: str  # as written in the Renja ("90", "80-90", "B")
    target_value: Decimal | None


class RenjaRowOut(Schema):
    item_id: int
    level: str
    code: str
    name: str
    depth: int
    pagu: int | None
    renstra_pagu: int | None
    indicators: list[IndicatorTargetOut]


class PkTargetOut(Schema):
    number: str
    objective: str
    indicator: str
    indicator_id: int | None
    target: str
    unit: str


class PkBudgetOut(Schema):
    number: str
    code: str
    name: str
    amount: int


class AgreementOut(Schema):
    id: int
    year: int
    version: int
    state: str
    title: str
    first_party: str
    first_position: str
    second_party: str
    date: str
    targets: list[PkTargetOut]
    budget: list[PkBudgetOut]


class QuarterActualOut(Schema):
    indicator_id: int
    code: str
    subject: str
    indicator: str
    unit: str
    target: str
    value: Decimal | None
    text: str
    explanation: str
    version: int  # send it back when writing: a figure changed since is a conflict
    quarters: dict[int, Decimal | None]


class QuarterBudgetOut(Schema):
    item_id: int
    code: str
    name: str
    pagu: int | None
    amount: int | None
    version: int
    quarters: dict[int, int | None]


class QuarterOut(Schema):
    agency_id: int
    year: int
    quarter: int
    state: str
    state_label: str
    #: Submitted, and still with the agency's pimpinan (Policy.head_approves_quarters).
    awaiting_head: bool
    indicators: list[QuarterActualOut]
    budget: list[QuarterBudgetOut]


class ActualIn(Schema):
    value: str  # as typed on the page: "87,5", "B", "" to clear
    explanation: str = ""
    version: int = 0
    reason: str = ""  # required after the quarter was unlocked


class BudgetActualIn(Schema):
    amount: str  # whole Rupiah as typed: "1.250.000"
    version: int = 0
    reason: str = ""


class SavedOut(Schema):
    changed: bool
    version: int


class ErrorOut(Schema):
    detail: str
    details: list[str] = []


class AchievementOut(Schema):
    value: Decimal | None
    note: str | None


class RenjaSideOut(Schema):
    """Columns 6–15 of one side (K or Rp) of an Evaluasi Renja row."""

    c6: Decimal | int | None
    c7: Decimal | int | None
    c8: Decimal | int | None
    quarters: list[Decimal | int | None]
    c13: Decimal | int | None
    c14: Decimal | int | None
    c15: AchievementOut
    achievement_year: AchievementOut


class RenjaFindingOut(Schema):
    cell: str
    severity: str
    message: str


class EvaluasiRenjaRowOut(Schema):
    item_id: int
    level: str
    code: str
    name: str
    indicator: str | None
    unit: str | None
    k: RenjaSideOut
    rp: RenjaSideOut | None  # only on an item's first line: Rupiah count once per item
    findings: list[RenjaFindingOut]


class FooterOut(Schema):
    k_year: Decimal | None
    k_renstra: Decimal | None
    rp_year: Decimal | None
    rp_renstra: Decimal | None
    k_year_rating: str | None
    k_renstra_rating: str | None
    rp_year_rating: str | None
    rp_renstra_rating: str | None


class EvaluasiRenjaOut(Schema):
    agency_id: int
    year: int
    quarter: int
    rows: list[EvaluasiRenjaRowOut]
    totals: RenjaSideOut
    footer: FooterOut
    errors: int
    warnings: int
