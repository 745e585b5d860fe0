"""Planning actions: every write to a Renja goes through here, inside one transaction.

A Renja belongs to an agency and a year; its version 0 is the *murni* budget. An APBD
*perubahan* adds a version with the date its pagu applies from and the reason
(docs/rules.md, "Renja versions"). "Salin Renja" starts next year's Renja from this
year's rows and indicators, without figures."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sakip.accounts.models import User
from sakip.organisation.models import Agency
from sakip.planning.models import (
    Indicator,
    ItemBudget,
    ProgramItem,
    Renja,
    RenjaRevision,
)


def create_renja(agency: Agency, year: int, user: User | None = None) -> Renja:
    """A new, empty Renja of ``year`` with its murni version."""
    with transaction.atomic():
        if Renja.objects.filter(agency=agency, year=year).exists():
            raise ValidationError(f"Renja tahun {year} perangkat daerah ini sudah ada.")
        renja = Renja.objects.create(agency=agency, year=year)
        RenjaRevision.objects.create(
            renja=renja, number=0, kind=RenjaRevision.Kind.MURNI, created_by=user
        )
    return renja


def murni(renja: Renja) -> RenjaRevision:
    return renja.revisions.get(number=0)


def add_item(
    renja: Renja,
    *,
    level: str,
    code: str,
    name: str,
    parent: ProgramItem | None = None,
    objective_id: int | None = None,
) -> ProgramItem:
    """A row of the Renja, validated (code format, level, parent, unique in the year)."""
    item = ProgramItem(
        agency_id=renja.agency_id,
        renja=renja,
        parent=parent,
        level=level,
        code=code,
        name=name,
        objective_id=objective_id,
    )
    item.full_clean(exclude=["sort_key"])
    item.save()
    return item


def set_pagu(
    item: ProgramItem,
    revision: RenjaRevision,
    pagu: int,
    renstra_pagu: int | None = None,
) -> ItemBudget:
    """The pagu of ``item`` in ``revision`` (whole Rupiah, not negative)."""
    if revision.renja_id != item.renja_id:
        raise ValidationError("Versi Renja ini bukan milik Renja baris tersebut.")
    if isinstance(pagu, bool) or not isinstance(pagu, int) or pagu < 0:
        raise ValidationError("Pagu harus bilangan rupiah bulat dan tidak negatif.")
    budget, _ = ItemBudget.objects.update_or_create(
        item=item, revision=revision, defaults={"pagu": pagu, "renstra_pagu": renstra_pagu}
    )
    return budget


def set_revision_pagu(
    revision: RenjaRevision, pagu: Mapping[int, int], user: User | None = None
) -> int:
    """The pagu of many rows of ``revision`` at once, all or nothing (the pagu editor of
    a Renja perubahan). Only leaves carry a pagu: a kegiatan's or program's is the sum of
    its sub kegiatan (DOMAIN §3). ``revision`` must still be its Renja's latest version.
    Each changed pagu keeps its history. Returns how many pagu changed."""
    with transaction.atomic():
        latest = (
            RenjaRevision.objects.select_for_update()
            .filter(renja_id=revision.renja_id)
            .order_by("-number")
            .first()
        )
        if latest is None or latest.pk != revision.pk:
            raise ValidationError(
                "Versi Renja ini sudah bukan versi terakhir (ada perubahan yang lebih baru). "
                "Muat ulang halaman lalu isi kembali pagunya."
            )
        rows = dict(
            ProgramItem.objects.filter(renja_id=revision.renja_id).values_list("pk", "code")
        )
        parents = set(
            ProgramItem.objects.filter(renja_id=revision.renja_id, parent__isnull=False)
            .order_by()
            .values_list("parent_id", flat=True)
        )
        for item_id, amount in pagu.items():
            if item_id not in rows:
                raise ValidationError("Baris ini bukan milik Renja tersebut.")
            if item_id in parents:
                raise ValidationError(
                    f"Pagu {rows[item_id]} adalah jumlah sub kegiatannya dan tidak diisi."
                )
            if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
                raise ValidationError(
                    f"Pagu {rows[item_id]} harus bilangan rupiah bulat dan tidak negatif."
                )
        existing = {
            b.item_id: b for b in ItemBudget.objects.filter(revision=revision, item_id__in=pagu)
        }
        changed = []
        for budget in existing.values():
            if budget.pagu != pagu[budget.item_id]:
                budget.pagu = pagu[budget.item_id]
                changed.append(budget)
        new = [
            ItemBudget(item_id=item_id, revision=revision, pagu=amount)
            for item_id, amount in pagu.items()
            if item_id not in existing
        ]
        reason = f"Pagu {revision.label} diubah per baris"
        if changed:
            bulk_update_with_history(
                changed,
                ItemBudget,
                ["pagu"],
                default_user=user,
                default_change_reason=reason,
            )
        if new:
            bulk_create_with_history(
                new, ItemBudget, default_user=user, default_change_reason=reason
            )
    return len(changed) + len(new)


def revise(
    renja: Renja, effective_date: datetime.date, reason: str, user: User | None = None
) -> RenjaRevision:
    """A *perubahan* of ``renja``: a new version, dated, with its reason, starting from
    the pagu of the latest version (to be edited). Its pagu applies from
    ``effective_date``; earlier quarters keep the version they were measured with."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Alasan perubahan wajib diisi."})
    if effective_date.year != renja.year:
        raise ValidationError(
            {"effective_date": f"Tanggal berlaku harus di dalam tahun {renja.year}."}
        )
    with transaction.atomic():
        latest = (
            RenjaRevision.objects.select_for_update().filter(renja=renja).order_by("-number")
        ).first()
        assert latest is not None, "a Renja always has its murni version"
        if latest.effective_date is not None and effective_date <= latest.effective_date:
            raise ValidationError(
                {
                    "effective_date": "Tanggal berlaku harus sesudah tanggal perubahan "
                    f"sebelumnya ({latest.effective_date:%d-%m-%Y})."
                }
            )
        revision = RenjaRevision.objects.create(
            renja=renja,
            number=latest.number + 1,
            kind=RenjaRevision.Kind.PERUBAHAN,
            effective_date=effective_date,
            reason=reason,
            created_by=user,
        )
        ItemBudget.objects.bulk_create(
            ItemBudget(
                item_id=b.item_id,
                revision=revision,
                pagu=b.pagu,
                renstra_pagu=b.renstra_pagu,
            )
            for b in ItemBudget.objects.filter(revision=latest)
        )
    return revision


def copy_renja(source: Renja, year: int, user: User | None = None) -> Renja:
    """ "Salin Renja": a Renja of ``year`` with the rows and indicators of ``source``
    (codes, names, levels, the sasaran each serves, indicator definitions), without
    figures: no targets, no pagu, no realisasi. A constant number of queries per tree
    level."""
    if year == source.year:
        raise ValidationError("Tahun tujuan harus berbeda dari tahun Renja asal.")
    with transaction.atomic():
        renja = create_renja(source.agency, year, user)
        items = list(ProgramItem.objects.filter(renja=source).order_by("sort_key"))
        mapping: dict[int, ProgramItem] = {}
        # Level by level, so each row's parent already has its new key.
        pending = items
        while pending:
            ready = [i for i in pending if i.parent_id is None or i.parent_id in mapping]
            if not ready:  # a parent outside the Renja: keep the row as a root
                ready = pending
            copies = ProgramItem.objects.bulk_create(
                ProgramItem(
                    agency_id=i.agency_id,
                    renja=renja,
                    parent=mapping.get(i.parent_id) if i.parent_id else None,
                    level=i.level,
                    code=i.code,
                    name=i.name,
                    objective_id=i.objective_id,
                    sort_key=i.sort_key,
                )
                for i in ready
            )
            mapping.update({i.pk: c for i, c in zip(ready, copies, strict=True)})
            done = {i.pk for i in ready}
            pending = [i for i in pending if i.pk not in done]
        indicators = list(
            Indicator.objects.filter(program_item__renja=source).order_by("order", "pk")
        )
        for indicator in indicators:  # fresh instances: saved again as new rows
            indicator.program_item = mapping[indicator.program_item_id]  # type: ignore[index]
            indicator.pk = None
            indicator.code = ""  # codes are unique per Pemda; the copy starts without one
        bulk_create_with_history(indicators, Indicator)
    return renja
