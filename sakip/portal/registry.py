"""The kinds of document a Pemda may publish, each with what makes one publishable and
how its PDF is made. A new kind (the LKjIP) is one more entry: nothing else changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from sakip.reports.document import Document


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    model: type[Model]
    #: The objects of a Pemda that may be published (e.g. signed PKs only).
    candidates: Callable[[int], QuerySet[Any]]
    title: Callable[[Any], str]
    year: Callable[[Any], int]
    agency_id: Callable[[Any], int | None]
    document: Callable[[Any], Document]


def _agreements(pemda_id: int) -> QuerySet[Any]:
    from sakip.agreements.models import Agreement

    # Signed only: a draft is internal (reference/regulations.md: the signed PK is the
    # public document).
    return Agreement.objects.filter(pemda_id=pemda_id, state=Agreement.State.SIGNED).select_related(
        "agency", "position"
    )


def _agreement_document(agreement: Any) -> Document:
    from sakip.agreements.actions import show_current_parties
    from sakip.agreements.documents import agreement_document
    from sakip.agreements.views import _with_rows

    full = _with_rows().get(pk=agreement.pk)
    show_current_parties([full])
    return agreement_document(full)


def _action_plans(pemda_id: int) -> QuerySet[Any]:
    from sakip.measurement.models import ActionPlan

    return (
        ActionPlan.objects.filter(agency__pemda_id=pemda_id, rows__isnull=False)
        .distinct()
        .select_related("agency")
    )


def _action_plan_document(plan: Any) -> Document:
    from sakip.agreements.views import _head_of_agency
    from sakip.measurement.documents import action_plan_document
    from sakip.measurement.models import ActionPlan

    full = (
        ActionPlan.objects.select_related("agency__pemda").prefetch_related("rows").get(pk=plan.pk)
    )
    return action_plan_document(full, signer=_head_of_agency(full.agency, full.year))


def _kinds() -> dict[str, Kind]:
    from sakip.agreements.models import Agreement
    from sakip.measurement.models import ActionPlan

    return {
        "pk": Kind(
            "pk",
            "Perjanjian Kinerja",
            Agreement,
            _agreements,
            lambda a: str(a),
            lambda a: a.year,
            lambda a: a.agency_id,
            _agreement_document,
        ),
        "rencana_aksi": Kind(
            "rencana_aksi",
            "Rencana Aksi",
            ActionPlan,
            _action_plans,
            lambda p: f"Rencana Aksi {p.agency.name} {p.year}",
            lambda p: p.year,
            lambda p: p.agency_id,
            _action_plan_document,
        ),
    }


KINDS: dict[str, Kind] = {}


def kinds() -> dict[str, Kind]:
    if not KINDS:
        KINDS.update(_kinds())
    return KINDS


def register(kind: Kind) -> None:
    """Add a kind of publishable document (e.g. the final LKjIP, from its own app)."""
    kinds()[kind.code] = kind
