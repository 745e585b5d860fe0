"""The kinds of document a Pemda may publish, each with what makes one publishable and
how its PDF is made. A new kind is one more entry: nothing else changes."""

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
    #: What else changes when an object is published or withdrawn (user, object),
    #: inside the same transaction: e.g. the LKjIP's own status and event log.
    on_publish: Callable[[Any, Any], None] | None = None
    on_withdraw: Callable[[Any, Any], None] | None = None
    #: The PDF kept when it was published, if the kind keeps one (else rendered).
    kept_pdf: Callable[[Any], bytes | None] | None = None


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
    from sakip.agreements.loaders import with_rows

    full = with_rows().get(pk=agreement.pk)
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
    from sakip.agreements.loaders import head_signer
    from sakip.measurement.documents import action_plan_document
    from sakip.measurement.models import ActionPlan

    full = (
        ActionPlan.objects.select_related("agency__pemda").prefetch_related("rows").get(pk=plan.pk)
    )
    return action_plan_document(full, signer=head_signer(full.agency, full.year))


def _lkjip_reports(pemda_id: int) -> QuerySet[Any]:
    from sakip.reports.models import LkjipReport

    # Signed (final) only: PermenPANRB 53/2014, the LKjIP the head signed is the one
    # published; a published one stays a candidate so that it can be withdrawn.
    return LkjipReport.objects.filter(
        agency__pemda_id=pemda_id,
        status__in=[LkjipReport.Status.FINAL, LkjipReport.Status.PUBLISHED],
    ).select_related("agency")


def _lkjip_document(report: Any) -> Document:
    from sakip.reports.lkjip.narrative import report_document

    return report_document(report.agency, report.year, with_lampiran=True)


def _lkjip_kept_pdf(report: Any) -> bytes | None:
    if not report.signed_file:
        return None
    try:
        with report.signed_file.open("rb") as handle:
            return bytes(handle.read())
    except FileNotFoundError:
        return None


def _lkjip_published(user: Any, report: Any) -> None:
    from sakip.reports.lkjip.actions import mark_published

    mark_published(user, report)


def _lkjip_withdrawn(user: Any, report: Any) -> None:
    from sakip.reports.lkjip.actions import mark_withdrawn

    mark_withdrawn(user, report)


def _kinds() -> dict[str, Kind]:
    from sakip.agreements.models import Agreement
    from sakip.measurement.models import ActionPlan
    from sakip.reports.models import LkjipReport

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
        "lkjip": Kind(
            "lkjip",
            "LKjIP",
            LkjipReport,
            _lkjip_reports,
            lambda r: f"LKjIP {r.agency.name} {r.year}",
            lambda r: r.year,
            lambda r: r.agency_id,
            _lkjip_document,
            on_publish=_lkjip_published,
            on_withdraw=_lkjip_withdrawn,
            kept_pdf=_lkjip_kept_pdf,
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
