"""The LKjIP's writes: a narrative section saved, the report signed, published or
returned to draft. Each inside one transaction, on the report row locked first, so two
people acting at once cannot both change a report in the wrong state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sakip.organisation.models import Agency
from sakip.reports.lkjip import access
from sakip.reports.models import LkjipReport, LkjipSection

if TYPE_CHECKING:
    from sakip.accounts.models import User

MAX_SECTION_LENGTH = 20_000


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
    return section


def reset_section(user: User, agency: Agency, year: int, key: str) -> None:
    """Drop the typed text of a section: the report shows sakip's draft again."""
    if not access.can_edit_narrative(user, agency):
        raise PermissionDenied("Anda tidak berwenang mengubah narasi LKjIP perangkat daerah ini.")
    with transaction.atomic():
        report = _locked(agency, year)
        if not report.is_editable:
            raise ValidationError("LKjIP yang sudah final tidak dapat diubah.")
        LkjipSection.objects.filter(report=report, key=key).delete()


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
    return report


def publish(user: User, agency: Agency, year: int) -> LkjipReport:
    if not access.can_publish(user, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang mempublikasikan LKjIP.")
    with transaction.atomic():
        report = _locked(agency, year)
        if report.status != LkjipReport.Status.FINAL:
            raise ValidationError("Hanya LKjIP yang sudah final yang dapat dipublikasikan.")
        report.status = LkjipReport.Status.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
    return report


def reopen(user: User, agency: Agency, year: int) -> LkjipReport:
    """Return a final (not yet published) LKjIP to draft, e.g. to correct it."""
    if not access.can_publish(user, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat membuka kembali LKjIP.")
    with transaction.atomic():
        report = _locked(agency, year)
        if report.status != LkjipReport.Status.FINAL:
            raise ValidationError(
                "Hanya LKjIP final yang belum dipublikasikan dapat dibuka kembali."
            )
        report.status = LkjipReport.Status.DRAFT
        report.signed_at = None
        report.signed_by = None
        report.save(update_fields=["status", "signed_at", "signed_by"])
    return report
