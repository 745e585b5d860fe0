"""The Rencana Aksi editor's data: every indicator of the agency's PKs of a year, with
its yearly PK target, its quarterly targets and planned actions (Lampiran II), in a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sakip.agreements.models import AgreementTarget
from sakip.measurement.models import ActionPlan, ActionPlanRow, MeasurementEvent, QuarterReport
from sakip.measurement.sheet import pk_targets
from sakip.organisation.models import Agency
from sakip.planning.models import Indicator
from sakip.rules.formatting import format_decimal_trimmed
from sakip.rules.periods import COMBINE_LABELS, Combine, combine


@dataclass
class PlanLine:
    indicator: Indicator
    target_text: str  # the yearly target as the PK states it
    holders: list[str]  # the positions whose PK holds the indicator
    plan_row: ActionPlanRow | None = None
    problem: str | None = None

    @property
    def key(self) -> str:
        return f"ra-{self.indicator.pk}"

    @property
    def targets(self) -> list[Decimal | None]:
        r = self.plan_row
        if r is None:
            return [None, None, None, None]
        return [r.q1_target, r.q2_target, r.q3_target, r.q4_target]

    @property
    def input_values(self) -> list[str]:
        """The targets as typed back into the inputs: "1.250,5", "" for none."""
        return ["" if t is None else format_decimal_trimmed(t) for t in self.targets]

    @property
    def combined(self) -> Decimal | None:
        return combine(self.targets, self.indicator.quarter_combine)

    @property
    def combine_label(self) -> str:
        return COMBINE_LABELS[Combine(self.indicator.quarter_combine)]

    @property
    def version(self) -> int:
        return self.plan_row.version if self.plan_row else 0

    @property
    def subject(self) -> str:
        i = self.indicator
        if i.program_item is not None:
            return f"{i.program_item.code} {i.program_item.name}"
        if i.objective is not None:
            return i.objective.name
        return ""


@dataclass
class PlanEditor:
    agency: Agency
    year: int
    plan: ActionPlan | None
    lines: list[PlanLine] = field(default_factory=list)
    events: list[MeasurementEvent] = field(default_factory=list)
    #: quarters of the year submitted or approved (→ their state): targets stay as they are
    closed: dict[int, str] = field(default_factory=dict)

    def row(self, indicator_id: int) -> PlanLine | None:
        return next((x for x in self.lines if x.indicator.pk == indicator_id), None)


def load_plan_editor(
    agency: Agency, year: int, *, indicator_id: int | None = None, events: int = 0
) -> PlanEditor:
    """The editor's lines: PK indicators in PK order (the head's PK first). 4 queries,
    5 with ``events`` (the latest plan changes)."""
    from sakip.measurement.actions import plan_target_finding

    plan = ActionPlan.objects.filter(agency=agency, year=year).first()
    ids = [indicator_id] if indicator_id is not None else None
    rows: list[AgreementTarget] = pk_targets(agency, year, ids)
    lines: dict[int, PlanLine] = {}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in={r.indicator_id for r in rows}).select_related(
            "program_item", "objective"
        )
    }
    for r in rows:
        line = lines.get(r.indicator_id)  # type: ignore[arg-type]
        holder = r.agreement.position.title
        if line is None:
            lines[r.indicator_id] = PlanLine(  # type: ignore[index]
                indicator=indicators[r.indicator_id],  # type: ignore[index]
                target_text=r.target_text,
                holders=[holder],
            )
        elif holder not in line.holders:
            line.holders.append(holder)
    if plan is not None and lines:
        for plan_row in ActionPlanRow.objects.filter(
            plan=plan, indicator_id__in=list(lines)
        ).order_by("order", "pk"):
            line = lines[plan_row.indicator_id]  # type: ignore[index]
            if line.plan_row is None:
                line.plan_row = plan_row
    for line in lines.values():
        line.problem = plan_target_finding(
            line.targets, line.indicator.quarter_combine, line.target_text
        )
    recent: list[MeasurementEvent] = []
    if events:
        recent = list(
            MeasurementEvent.objects.filter(
                agency=agency, year=year, quarter=None, action=MeasurementEvent.Action.PLAN_CHANGED
            )[:events]
        )
    closed = dict(
        QuarterReport.objects.filter(
            agency=agency,
            year=year,
            state__in=[QuarterReport.State.SUBMITTED, QuarterReport.State.APPROVED],
        ).values_list("quarter", "state")
    )
    return PlanEditor(
        agency=agency,
        year=year,
        plan=plan,
        lines=list(lines.values()),
        events=recent,
        closed=closed,
    )
