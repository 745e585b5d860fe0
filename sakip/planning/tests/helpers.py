"""Test helpers for Renja data built in code."""

from __future__ import annotations

from sakip.organisation.models import Agency
from sakip.planning import actions
from sakip.planning.models import ItemBudget, ProgramItem, Renja


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
