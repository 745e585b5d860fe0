"""The narrative of an LKjIP: each section's text as staff saved it, else sakip's draft
from the figures; the findings of the checks on it; and the document the report prints
as (its page, its PDF and DOCX, the signed copy, the portal's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sakip.organisation.models import Agency
from sakip.reports.lkjip import checks, compute, document, drafts
from sakip.reports.lkjip.checks import NarrativeFinding
from sakip.reports.models import LkjipEvent, LkjipReport, LkjipSection

if TYPE_CHECKING:
    from sakip.portal.models import Publication


@dataclass
class SectionState:
    key: str
    title: str
    text: str
    edited: bool  # typed by staff (else sakip's draft)
    findings: list[NarrativeFinding]


@dataclass
class LkjipState:
    """Everything the LKjIP page and its documents show."""

    figures: compute.LkjipFigures
    report: LkjipReport | None
    sections: list[SectionState]
    signatory_findings: list[str]

    @property
    def texts(self) -> dict[str, str]:
        return {s.key: s.text for s in self.sections}

    @property
    def status(self) -> str:
        return self.report.status if self.report else LkjipReport.Status.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.status == LkjipReport.Status.DRAFT

    @property
    def narrative_findings(self) -> list[NarrativeFinding]:
        return [f for s in self.sections for f in s.findings]

    def section(self, key: str) -> SectionState | None:
        return next((s for s in self.sections if s.key == key), None)


def load(agency: Agency, year: int) -> LkjipState:
    figures = compute.load(agency, year)
    report = LkjipReport.objects.filter(agency=agency, year=year).first()
    saved = {s.key: s.text for s in LkjipSection.objects.filter(report=report)} if report else {}
    sections = []
    for key, title in drafts.section_keys(figures):
        text = saved.get(key)
        edited = text is not None
        if text is None:
            text = drafts.draft(key, figures)
        sections.append(
            SectionState(key, title, text, edited, checks.check_text(key, title, text, figures))
        )
    return LkjipState(figures, report, sections, checks.signatory_findings(figures))


def history(report: LkjipReport | None, shown: int) -> tuple[list[LkjipEvent], Publication | None]:
    """The latest steps of the report's event log, and its live publication on the
    public portal (when published)."""
    from sakip.portal.models import Publication

    if report is None:
        return [], None
    events = list(LkjipEvent.objects.filter(report=report)[:shown])
    publication = None
    if report.status == LkjipReport.Status.PUBLISHED:
        publication = Publication.objects.filter(
            kind="lkjip", object_id=report.pk, withdrawn_at__isnull=True
        ).first()
    return events, publication


def document_of(
    state: LkjipState, lampiran: list[tuple[str, document.Document | None]] | None = None
) -> document.Document:
    """The LKjIP as it prints from ``state``: marked DRAF while a draft, with the date it
    was signed once final; ``lampiran`` (lkjip.lampiran.bound): the documents its PDF
    binds after it, which the page and the DOCX only list."""
    report = state.report
    return document.build_document(
        state.figures,
        state.texts,
        status_mark=document.DRAFT_MARK if state.is_draft else "",
        signed_on=report.date if report and not state.is_draft else None,
        lampiran=lampiran,
    )


def report_document(agency: Agency, year: int, *, with_lampiran: bool = False) -> document.Document:
    """The LKjIP of ``agency`` and ``year`` as it prints from the data now; its PDF's
    lampiran bound after it with ``with_lampiran``."""
    from sakip.reports.lkjip import lampiran

    bound = lampiran.bound(agency, year) if with_lampiran else None
    return document_of(load(agency, year), bound)
