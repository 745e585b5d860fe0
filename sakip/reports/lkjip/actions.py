"""The LKjIP's writes: a narrative section saved, the report signed (its PDF and DOCX
then kept as signed), published on the public portal or withdrawn from it, returned to
draft. Each inside one transaction, on
the report row locked first, so two people acting at once cannot both change a report
in the wrong state; each step is written to the LKjIP's event log (LkjipEvent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from sakip.organisation.models import Agency
from sakip.reports.lkjip import access
from sakip.reports.models import LkjipEvent, LkjipReport, LkjipSection

if TYPE_CHECKING:
    from sakip.accounts.models import User

MAX_SECTION_LENGTH = 20_000
MAX_REASON_LENGTH = 2_000


def _event(
    user: User, report: LkjipReport, action: str, subject: str = "", reason: str = ""
) -> None:
    LkjipEvent.objects.create(
        report=report, action=action, subject=subject[:400], reason=reason, actor=user
    )


def _locked(agency: Agency, year: int) -> LkjipReport:
    report, _ = LkjipReport.objects.get_or_create(agency=agency, year=year)
    return LkjipReport.objects.select_for_update().get(pk=report.pk)


def save_section(user: User, agency: Agency, year: int, key: str, text: str) -> LkjipSection:
    """Save the text of one section of a draft. Raises ValidationError (in Indonesian)
    when the text is empty or too long, or the report is no longer a draft."""
    if not access.can_edit_narrative(user, agency):
        raise PermissionDenied("Anda tidak berwenang mengubah narasi LKjIP perangkat daerah ini.")
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise ValidationError(
            "Teks tidak boleh kosong. Untuk memakai lagi draf dari sakip, pilih "
            "“Kembalikan ke draf sakip”."
        )
    if len(cleaned) > MAX_SECTION_LENGTH:
        raise ValidationError(
            f"Teks terlalu panjang ({len(cleaned)} karakter); paling banyak "
            f"{MAX_SECTION_LENGTH} karakter per bagian."
        )
    with transaction.atomic():
        report = _locked(agency, year)
        if not report.is_editable:
            raise ValidationError(
                f"LKjIP ini berstatus {report.get_status_display()}: narasinya tidak dapat "
                "diubah lagi."
            )
        section, _ = LkjipSection.objects.update_or_create(
            report=report, key=key, defaults={"text": cleaned, "updated_by": user}
        )
        _event(user, report, LkjipEvent.Action.SECTION_SAVED, subject=key)
    return section


def reset_section(user: User, agency: Agency, year: int, key: str) -> None:
    """Drop the typed text of a section: the report shows sakip's draft again."""
    if not access.can_edit_narrative(user, agency):
        raise PermissionDenied("Anda tidak berwenang mengubah narasi LKjIP perangkat daerah ini.")
    with transaction.atomic():
        report = _locked(agency, year)
        if not report.is_editable:
            raise ValidationError("LKjIP yang sudah final tidak dapat diubah.")
        deleted, _ = LkjipSection.objects.filter(report=report, key=key).delete()
        if deleted:
            _event(user, report, LkjipEvent.Action.SECTION_RESET, subject=key)


def sign(user: User, agency: Agency, year: int, texts: dict[str, str], place: str) -> LkjipReport:
    """Make the draft final: every section's text as it stands (typed or sakip's draft)
    is kept, so the signed report no longer changes with later drafts."""
    if not access.can_sign(user, agency):
        raise PermissionDenied("Hanya kepala perangkat daerah atau admin yang menetapkan LKjIP.")
    with transaction.atomic():
        report = _locked(agency, year)
        if report.status != LkjipReport.Status.DRAFT:
            raise ValidationError("LKjIP ini sudah final.")
        kept = set(LkjipSection.objects.filter(report=report).values_list("key", flat=True))
        LkjipSection.objects.bulk_create(
            LkjipSection(report=report, key=key, text=text, updated_by=user)
            for key, text in texts.items()
            if key not in kept
        )
        report.status = LkjipReport.Status.FINAL
        report.signed_at = timezone.now()
        report.signed_by = user
        report.date = timezone.localdate()
        report.place = place
        report.save(update_fields=["status", "signed_at", "signed_by", "date", "place"])
        _event(user, report, LkjipEvent.Action.SIGNED, subject=f"{place}, {report.date:%d-%m-%Y}")
        _keep_signed_files(report)
    return report


def _keep_signed_files(report: LkjipReport) -> None:
    """The signed report's PDF and DOCX are rendered once, off the request, and kept."""
    from sakip.reports.lkjip.tasks import keep_signed_files

    report_id = report.pk
    transaction.on_commit(lambda: keep_signed_files.enqueue(report_id))


def publish(user: User, agency: Agency, year: int) -> LkjipReport:
    """Publish a final LKjIP on the Pemda's public portal (one publication, as every
    published document: sakip.portal), which marks the report published."""
    from sakip.portal import actions as portal

    if not access.can_publish(user, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang mempublikasikan LKjIP.")
    report = LkjipReport.objects.filter(agency=agency, year=year).first()
    if report is None or report.status != LkjipReport.Status.FINAL:
        raise ValidationError("Hanya LKjIP yang sudah final yang dapat dipublikasikan.")
    portal.publish(user, "lkjip", report.pk)
    report.refresh_from_db()
    return report


def mark_published(user: User, report: LkjipReport) -> None:
    """The portal published the report (inside its transaction)."""
    locked = LkjipReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != LkjipReport.Status.FINAL:
        raise ValidationError("Hanya LKjIP yang sudah final yang dapat dipublikasikan.")
    locked.status = LkjipReport.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    _event(user, locked, LkjipEvent.Action.PUBLISHED)
    if not locked.signed_file:
        # Signed before sakip kept signed files, or its rendering failed: kept now.
        _keep_signed_files(locked)


def mark_withdrawn(user: User, report: LkjipReport) -> None:
    """The portal withdrew the report (inside its transaction): it is final again, so
    the admin may reopen it to correct it and publish it anew."""
    locked = LkjipReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != LkjipReport.Status.PUBLISHED:
        return
    locked.status = LkjipReport.Status.FINAL
    locked.published_at = None
    locked.save(update_fields=["status", "published_at"])
    _event(user, locked, LkjipEvent.Action.WITHDRAWN)


def reopen(user: User, agency: Agency, year: int, reason: str) -> LkjipReport:
    """Return a final (not published) LKjIP to draft, e.g. to correct it: the reason
    is required and kept in the event log."""
    if not access.can_publish(user, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat membuka kembali LKjIP.")
    reason = reason.strip()
    if not reason:
        raise ValidationError("Tuliskan alasan membuka kembali LKjIP yang sudah final.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            f"Alasan terlalu panjang; paling banyak {MAX_REASON_LENGTH} karakter."
        )
    with transaction.atomic():
        report = _locked(agency, year)
        if report.status != LkjipReport.Status.FINAL:
            raise ValidationError(
                "Hanya LKjIP final yang belum dipublikasikan dapat dibuka kembali; tarik "
                "dulu dari portal publik bila sudah dipublikasikan."
            )
        # A draft again: its signed copy is no longer the report (the next signing
        # keeps a new one).
        kept = [f.name for f in (report.signed_file, report.signed_docx) if f]
        storage = report.signed_file.storage
        report.status = LkjipReport.Status.DRAFT
        report.signed_at = None
        report.signed_by = None
        report.signed_file = ""
        report.signed_docx = ""
        report.save(
            update_fields=["status", "signed_at", "signed_by", "signed_file", "signed_docx"]
        )
        _event(user, report, LkjipEvent.Action.REOPENED, reason=reason)
        transaction.on_commit(lambda: _delete_files(storage, kept))
    return report


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
