"""The LKjIP's lampiran, bound after the report in its PDF: the Perjanjian Kinerja of
the head of the agency for the next year (its latest signed version), the Rencana Aksi
of that year, and the Evaluasi Hasil Renja of the report's year at triwulan IV (its
official form). PermenPANRB 53/2014 has the LKjIP carry the PK it reports against and
the supporting forms; seed 003 binds these three. A lampiran sakip does not hold yet
is listed as such on the report's LAMPIRAN page, not invented."""

from __future__ import annotations

from dataclasses import dataclass

from sakip.agreements import loaders as agreement_loaders
from sakip.agreements.documents import agreement_document
from sakip.agreements.models import Agreement
from sakip.measurement.documents import action_plan_document
from sakip.measurement.models import ActionPlan
from sakip.organisation.models import Agency
from sakip.reports import evaluasi_renja
from sakip.reports.document import Document, official


@dataclass(frozen=True)
class Lampiran:
    title: str  # as the LAMPIRAN page lists it: "Perjanjian Kinerja Tahun 2024"
    document: Document | None  # None: not (yet) in sakip


def lampiran(agency: Agency, year: int) -> list[Lampiran]:
    """The three lampiran of the LKjIP of ``agency`` for ``year``, in their order."""
    following = year + 1
    head_pk = (
        agreement_loaders.with_rows()
        .filter(
            agency=agency,
            year=following,
            state=Agreement.State.SIGNED,
            position__agency=agency,
            position__superior__agency__isnull=True,
        )
        .order_by("-version", "-pk")
        .first()
    )
    plan = (
        ActionPlan.objects.filter(agency=agency, year=following)
        .select_related("agency__pemda")
        .prefetch_related("rows")
        .first()
    )
    report = evaluasi_renja.load(agency, year, 4)
    has_renja = any(line.indicator is not None for line in report.lines)
    return [
        Lampiran(
            f"Perjanjian Kinerja Tahun {following}",
            agreement_document(head_pk) if head_pk is not None else None,
        ),
        Lampiran(
            f"Rencana Aksi Tahun {following}",
            action_plan_document(plan, signer=agreement_loaders.head_signer(agency, following))
            if plan is not None
            else None,
        ),
        Lampiran(
            f"Evaluasi Hasil Renja Triwulan IV Tahun {year}",
            official(evaluasi_renja.build_document(report)) if has_renja else None,
        ),
    ]


def bound(agency: Agency, year: int) -> list[tuple[str, Document | None]]:
    """:func:`lampiran` as the LKjIP's document takes them: (title, document or None)."""
    return [(item.title, item.document) for item in lampiran(agency, year)]
