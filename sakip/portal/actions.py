"""Publishing and withdrawing: the Pemda's admin only, one transaction each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sakip.accounts.access import pemda_for_admin
from sakip.portal.models import Publication
from sakip.portal.registry import kinds

if TYPE_CHECKING:
    from sakip.accounts.models import User


def publish(user: User, kind_code: str, object_id: int) -> Publication:
    pemda = pemda_for_admin(user)
    kind = kinds().get(kind_code)
    if kind is None:
        raise ValidationError("Jenis dokumen tidak dikenal.")
    obj = kind.candidates(pemda.pk).filter(pk=object_id).first()
    if obj is None:
        raise ValidationError(
            f"{kind.label} ini tidak dapat diterbitkan: tidak ada, bukan milik pemerintah "
            "daerah Anda, atau belum final (PK dan LKjIP harus sudah ditandatangani, Rencana "
            "Aksi harus berisi)."
        )
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                pemda=pemda,
                agency_id=kind.agency_id(obj),
                kind=kind.code,
                year=kind.year(obj),
                title=kind.title(obj)[:300],
                content_type=ContentType.objects.get_for_model(kind.model),
                object_id=obj.pk,
                published_by=user,
            )
            if kind.on_publish is not None:
                kind.on_publish(user, obj)
            return publication
    except IntegrityError as exc:
        raise ValidationError(f"{kind.title(obj)} sudah diterbitkan.") from exc


@transaction.atomic
def withdraw(user: User, publication_id: int) -> Publication:
    pemda = pemda_for_admin(user)
    publication = (
        Publication.objects.select_for_update()
        .filter(pk=publication_id, pemda=pemda, withdrawn_at__isnull=True)
        .first()
    )
    if publication is None:
        raise PermissionDenied("Publikasi ini tidak ada atau sudah ditarik.")
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.save(update_fields=["withdrawn_at", "withdrawn_by"])
    kind = kinds().get(publication.kind)
    if kind is not None and kind.on_withdraw is not None:
        obj = kind.model._default_manager.filter(pk=publication.object_id).first()
        if obj is not None:
            kind.on_withdraw(user, obj)
    return publication
