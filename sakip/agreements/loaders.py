"""Loaders of the agreements app's documents: a PK with its rows, and who signs an
agency's Rencana Aksi (read by the PK pages and by the LKjIP's lampiran)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from sakip.agreements.actions import default_date, position_lines
from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.measurement.documents import Signer
from sakip.organisation.holders import holder_on
from sakip.organisation.models import Agency, PositionHolding


def with_rows() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "agency__pemda", "pemda", "position__superior", "first_employee", "second_employee"
    ).prefetch_related(
        Prefetch(
            "targets", queryset=AgreementTarget.objects.select_related("serves").order_by("order")
        ),
        Prefetch("budget_rows", queryset=AgreementBudget.objects.order_by("order")),
    )


def head_signer(agency: Agency, year: int) -> Signer | None:
    """The holder of the agency's top position that year (its superior is outside the
    agency: the Bupati), who signs the Rencana Aksi."""
    # The Rencana Aksi is drawn up with the PK at the start of the year: its holder
    # then (organisation.holders).
    holding = holder_on(
        list(
            PositionHolding.objects.filter(position__agency=agency, year=year)
            .filter(position__superior__agency__isnull=True)
            .select_related("employee", "position")
            .order_by("acting", "pk")
        ),
        default_date(year),
    )
    if holding is None:
        return None
    _, title = position_lines(holding.position, holding.kind)
    employee = holding.employee
    return Signer(
        title=title,
        name=employee.name,
        pangkat=employee.pangkat_golongan,
        nip=employee.nip,
    )
