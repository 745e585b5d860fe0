"""Test helpers for Renja data built in code."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Pemda
from sakip.planning import actions
from sakip.planning.models import ItemBudget, ProgramItem, Renja, RenjaRevision

YEAR = 2024


def renja_of(agency: Agency, year: int) -> Renja:
    """The agency's Renja of ``year``, created (empty, murni) when missing."""
    renja = Renja.objects.filter(agency=agency, year=year).first()
    return renja if renja is not None else actions.create_renja(agency, year)


def copy_with_pagu(agency: Agency, source_year: int, year: int) -> Renja:
    """A Renja of ``year`` with the rows and indicators of ``source_year`` and the same
    pagu (murni) on the same codes: "next year looks like this year"."""
    source = Renja.objects.get(agency=agency, year=source_year)
    renja = actions.copy_renja(source, year)
    murni = renja.revisions.get(number=0)
    new_items = {i.sort_key: i for i in ProgramItem.objects.filter(renja=renja)}
    ItemBudget.objects.bulk_create(
        ItemBudget(
            item=new_items[b.item.sort_key],
            revision=murni,
            pagu=b.pagu,
            renstra_pagu=b.renstra_pagu,
        )
        for b in ItemBudget.objects.filter(
            revision__renja=source, revision__number=0
        ).select_related("item")
    )
    return renja


def item(agency: Agency, code: str, year: int = 2023) -> ProgramItem:
    return ProgramItem.objects.get(renja__agency=agency, renja__year=year, code=code)


@dataclass
class Plan:
    agency: Agency
    renja: Renja
    murni: RenjaRevision
    perubahan: RenjaRevision
    items: dict[str, ProgramItem]
    operator: User
    head: User

    @property
    def url(self) -> str:
        return reverse("renja_pagu", args=[self.agency.pk, YEAR])

    def leaf(self, code: str) -> ProgramItem:
        return self.items[code]

    def pagu(self, code: str, revision: RenjaRevision | None = None) -> int | None:
        budget = ItemBudget.objects.filter(
            item=self.items[code], revision=revision or self.perubahan
        ).first()
        return budget.pagu if budget else None


SUBS = {
    "8.01.01.2.01.0001": 1_000_000,
    "8.01.01.2.01.0002": 2_000_000,
    "8.01.01.2.02.0001": 500_000,
}


def build_plan(pemda: Pemda, code: str = "uji", perubahan: bool = True) -> Plan:
    """A new agency of ``pemda`` with a Renja 2024: program 8.01.01, kegiatan
    8.01.01.2.01 and 8.01.01.2.02, three sub kegiatan with the murni pagu of SUBS, a
    perubahan from 1 October (unless ``perubahan`` is False), an operator and a head."""
    agency = Agency.objects.create(pemda=pemda, code=code, name=f"Badan {code.title()}")
    renja = actions.create_renja(agency, YEAR)
    murni = renja.revisions.get(number=0)
    items: dict[str, ProgramItem] = {}
    items["8.01.01"] = actions.add_item(
        renja, level="program", code="8.01.01", name="Program Penunjang"
    )
    for kegiatan in ("8.01.01.2.01", "8.01.01.2.02"):
        items[kegiatan] = actions.add_item(
            renja,
            level="kegiatan",
            code=kegiatan,
            name=f"Kegiatan {kegiatan}",
            parent=items["8.01.01"],
        )
    for sub, pagu in SUBS.items():
        items[sub] = actions.add_item(
            renja,
            level="subkegiatan",
            code=sub,
            name=f"Sub kegiatan {sub}",
            parent=items[sub.rsplit(".", 1)[0]],
        )
        actions.set_pagu(items[sub], murni, pagu)
    revision = (
        actions.revise(renja, datetime.date(YEAR, 10, 1), "APBD Perubahan 2024")
        if perubahan
        else murni
    )
    operator, head = (
        User(username=f"{role}.{code}", role=role, pemda=pemda, agency=agency)
        for role in (Role.OPERATOR, Role.PIMPINAN)
    )
    for user in (operator, head):
        user.set_unusable_password()
        user.save()
    return Plan(agency, renja, murni, revision, items, operator, head)
