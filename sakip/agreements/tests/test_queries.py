"""Every list and report page of the PK area runs a fixed number of queries, whatever
the size of the data: measured on the demo data, then again after adding PKs, rows,
positions, events and Rencana Aksi rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.models import (
    Agreement,
    AgreementBudget,
    AgreementEvent,
    AgreementTarget,
    BudgetApproval,
)
from sakip.measurement.models import ActionPlan, ActionPlanRow
from sakip.organisation.models import Employee, Position, PositionHolding

pytestmark = pytest.mark.django_db


def _grow(agency, n: int) -> None:
    """n more JF positions under the Kepala, each with a holder and a PK (signed and
    draft alternately) of several rows; more rows and events on the Kepala's PK; more
    Rencana Aksi rows; a budget approval date."""
    pemda = agency.pemda
    kaban = Position.objects.get(agency=agency, code="kaban")
    kepala_pk = Agreement.objects.get(code="pk-kaban-2024")
    parent_row = kepala_pk.targets.first()
    for i in range(n):
        position = Position.objects.create(
            pemda=pemda,
            agency=agency,
            code=f"jf-extra-{i}",
            title=f"JF Tambahan {i}",
            eselon="JF",
            superior=kaban,
        )
        employee = Employee.objects.create(
            pemda=pemda,
            code=f"emp-extra-{i}",
            name=f"Pegawai {i}",
            nip="197106071997031007",
            golongan="III/c",
        )
        PositionHolding.objects.create(position=position, employee=employee, year=2024)
        pk = Agreement.objects.create(
            pemda=pemda,
            agency=agency,
            code=f"pk-extra-{i}",
            year=2024,
            position=position,
            state=Agreement.State.SIGNED if i % 2 else Agreement.State.DRAFT,
            place="Tana Paser",
            date=datetime.date(2024, 1, 2),
            first_employee=employee,
            first_name=employee.name,
            first_position_title=position.title,
            first_nip=employee.nip,
            second_employee=kepala_pk.first_employee,
            second_name=kepala_pk.first_name,
            printed_total=1_000 if i % 3 else None,
        )
        AgreementTarget.objects.bulk_create(
            AgreementTarget(
                agreement=pk,
                order=j,
                number=f"{j}.",
                objective_text="S",
                indicator_text=f"I{j}",
                target_text="1 Dokumen",
                serves=parent_row if j % 2 else None,
            )
            for j in range(1, 4)
        )
        AgreementBudget.objects.bulk_create(
            AgreementBudget(
                agreement=pk,
                order=j,
                number=f"{j}.",
                code=f"8.01.0{j}.2.01.0{i % 9 + 1}",
                name="B",
                amount=100 * j,
            )
            for j in range(1, 4)
        )
    AgreementTarget.objects.bulk_create(
        AgreementTarget(
            agreement=kepala_pk, order=10 + j, objective_text="S", indicator_text=f"Tambahan {j}"
        )
        for j in range(n)
    )
    AgreementBudget.objects.bulk_create(
        AgreementBudget(agreement=kepala_pk, order=10 + j, code="", name=f"Tambahan {j}", amount=j)
        for j in range(n)
    )
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            pemda=pemda,
            agreement=kepala_pk,
            subject="x",
            action="updated",
            actor=User.objects.get(username="admin.paser"),
        )
        for _ in range(n)
    )
    plan = ActionPlan.objects.get(agency=agency, year=2024)
    ActionPlanRow.objects.bulk_create(
        ActionPlanRow(plan=plan, order=500 + j, level="subkegiatan", name=f"Tambahan {j}", q2=True)
        for j in range(n)
    )
    BudgetApproval.objects.create(pemda=pemda, year=2024, approved_on=datetime.date(2023, 12, 20))


def _bupati_pks(paser, n: int) -> None:
    admin = User.objects.get(username="admin.paser")
    position = Position.objects.get(code="bupati", pemda=paser)
    for year in range(2030, 2030 + n):
        PositionHolding.objects.create(
            position=position, employee=Employee.objects.get(code="fahmi", pemda=paser), year=year
        )
        actions.create_draft(admin, position, year)
        BudgetApproval.objects.create(
            pemda=paser, year=year, approved_on=datetime.date(year - 1, 12, 1)
        )


@pytest.mark.parametrize(
    "page", ["list", "detail", "cascade", "cascade_pdf", "action_plan", "pemda", "edit"]
)
def test_pk_pages_run_a_constant_number_of_queries(
    login, kesbangpol, paser, next_year, django_assert_num_queries, page
):
    client = login("admin_pemda")
    draft = actions.create_draft(
        User.objects.get(username="admin.paser"),
        Position.objects.get(agency=kesbangpol, code="kabid_politik"),
        2024,
        additional=True,
    )
    url = {
        "list": reverse("agreements", args=[kesbangpol.pk]),
        "detail": reverse("agreement", args=[Agreement.objects.get(code="pk-kaban-2024").pk]),
        "cascade": reverse("cascade", args=[kesbangpol.pk, 2024]),
        "cascade_pdf": reverse("cascade", args=[kesbangpol.pk, 2024]) + "?format=pdf",
        "action_plan": reverse("action_plan", args=[kesbangpol.pk, 2024]),
        "pemda": reverse("agreements_pemda"),
        "edit": reverse("agreement_edit", args=[draft.pk]),
    }[page]
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow(kesbangpol, 6 if page == "cascade_pdf" else 30)
    _bupati_pks(paser, 5)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def _enlarge(pk: Agreement, n: int) -> None:
    """n more target rows and n more budget rows on ``pk``."""
    AgreementTarget.objects.bulk_create(
        AgreementTarget(
            agreement=pk,
            order=100 + j,
            objective_text=f"Sasaran {j // 3}",
            indicator_text=f"Indikator tambahan {j}",
            target_text="1 Dokumen",
        )
        for j in range(n)
    )
    AgreementBudget.objects.bulk_create(
        AgreementBudget(agreement=pk, order=100 + j, name=f"Kegiatan tambahan {j}", amount=j)
        for j in range(n)
    )


@pytest.mark.parametrize(
    ("page", "signed"),
    [("pdf", True), ("docx", True), ("pdf", False), ("docx", False), ("revise", True)],
)
def test_a_pk_download_and_its_revise_page_run_as_many_queries_for_a_small_and_a_large_pk(
    login, kesbangpol, django_assert_num_queries, page, signed
):
    client = login("operator_a")
    if signed:
        # One target row and one budget row (seed 003).
        pk = Agreement.objects.get(code="pk-kabid-kewaspadaan-2024")
    else:
        pk = actions.create_draft(
            User.objects.get(username="admin.paser"),
            Position.objects.get(agency=kesbangpol, code="kabid_politik"),
            2024,
            additional=True,
        )
    if page == "revise":
        url = reverse("agreement_revise", args=[pk.pk])
    else:
        url = reverse("agreement", args=[pk.pk]) + f"?format={page}"
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _enlarge(pk, 40)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
