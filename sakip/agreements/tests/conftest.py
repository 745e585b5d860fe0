"""Fixtures of the PK tests: a next year for the Paser agency to draft PKs in, and a
builder of small hand-made cascades for the unit tests of each check."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding
from sakip.planning.tests.helpers import copy_with_pagu

NEXT_YEAR = 2025


@pytest.fixture
def next_year(kesbangpol: Agency) -> int:
    """2025 in Kesbangpol Paser: the 2024 holders hold their positions again (the Bupati
    too) and its Renja 2025 has the rows and pagu of 2023. No PK exists for 2025."""
    for holding in PositionHolding.objects.filter(year=2024, position__pemda=kesbangpol.pemda):
        PositionHolding.objects.create(
            position=holding.position, employee=holding.employee, year=NEXT_YEAR
        )
    copy_with_pagu(kesbangpol, 2023, NEXT_YEAR)
    return NEXT_YEAR


@dataclass
class CascadeBuilder:
    """A small agency with positions, holders and PKs, built row by row."""

    pemda: Pemda
    agency: Agency
    year: int = 2024
    count: int = 0
    positions: dict[str, Position] = field(default_factory=dict)

    def _key(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    def position(
        self,
        title: str,
        eselon: str = "",
        superior: Position | None = None,
        holder: str | None = "Pemangku",
        nip: str = "197106071997031007",
        golongan: str = "IV/a",
    ) -> Position:
        position = Position.objects.create(
            pemda=self.pemda,
            agency=self.agency,
            code=self._key("pos"),
            title=title,
            eselon=eselon,
            superior=superior,
        )
        if holder is not None:
            employee = Employee.objects.create(
                pemda=self.pemda, code=self._key("emp"), name=holder, nip=nip, golongan=golongan
            )
            PositionHolding.objects.create(position=position, employee=employee, year=self.year)
        self.positions[title] = position
        return position

    def pk(
        self,
        position: Position,
        budget: Iterable[tuple[str, int]] = (),
        *,
        total: int | None = None,
        targets: Iterable[str] = ("Indikator",),
        first_nip: str | None = None,
        first_nip_lampiran: str = "",
        second_nip: str | None = None,
        signed: bool = True,
        level: str = "kegiatan",
    ) -> Agreement:
        holding = PositionHolding.objects.filter(position=position, year=self.year).first()
        employee = (
            holding.employee
            if holding
            else Employee.objects.create(pemda=self.pemda, code=self._key("emp"), name="Tanpa Data")
        )
        superior = None
        if position.superior_id:
            superior = (
                PositionHolding.objects.filter(position_id=position.superior_id, year=self.year)
                .select_related("employee")
                .first()
            )
        agreement = Agreement.objects.create(
            pemda=self.pemda,
            agency=self.agency,
            code=self._key("pk"),
            year=self.year,
            position=position,
            state=Agreement.State.SIGNED if signed else Agreement.State.DRAFT,
            place="Tana Paser",
            date=datetime.date(self.year, 1, 2),
            budget_level=level,
            printed_total=total,
            first_employee=employee,
            first_name=employee.name,
            first_position_title=position.title,
            first_nip=employee.nip if first_nip is None else first_nip,
            first_nip_lampiran=first_nip_lampiran,
            second_employee=superior.employee if superior else None,
            second_name=superior.employee.name if superior else "",
            second_position_title=superior.position.title if superior else "",
            second_nip=(superior.employee.nip if superior else "")
            if second_nip is None
            else second_nip,
        )
        AgreementBudget.objects.bulk_create(
            AgreementBudget(
                agreement=agreement,
                order=i,
                number=f"{i}.",
                code=code,
                name=f"Kegiatan {code}",
                amount=amount,
            )
            for i, (code, amount) in enumerate(budget, start=1)
        )
        AgreementTarget.objects.bulk_create(
            AgreementTarget(
                agreement=agreement,
                order=i,
                number=f"{i}.",
                objective_text=f"Sasaran {text}",
                indicator_text=text,
                target_text="100 %",
            )
            for i, text in enumerate(targets, start=1)
        )
        return agreement

    def link_all(self) -> None:
        """Link every target row to the first row of its superior's PK."""
        for row in AgreementTarget.objects.filter(agreement__agency=self.agency):
            superior = row.agreement.position.superior_id
            if superior is None:
                continue
            parent = AgreementTarget.objects.filter(
                agreement__position_id=superior, agreement__year=self.year
            ).first()
            if parent is not None:
                row.serves = parent
                row.save(update_fields=["serves"])


@pytest.fixture
def build(paser: Pemda) -> CascadeBuilder:
    agency = Agency.objects.create(pemda=paser, code="uji", name="Badan Uji", kind="badan")
    return CascadeBuilder(pemda=paser, agency=agency)
