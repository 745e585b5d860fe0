"""The admin locks the Renja of a year of every agency at once (issue 10: "locking a
year's plans"): each becomes read-only like an approved one, with one event per agency
carrying the reason; the admin reopens one agency's as before; only the Pemda's own
admin locks, and only its own Pemda."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sakip.planning.models import Renja
from sakip.planning.tests.helpers import YEAR, build_plan
from sakip.setup import approval
from sakip.setup.models import PlanApproval, SetupEvent

pytestmark = pytest.mark.django_db

URL = "/pengaturan/kunci-renja/"


@pytest.fixture
def plans(paser):
    return build_plan(paser, "uji-a"), build_plan(paser, "uji-b")


def _state(agency) -> str:
    return approval.state_of(agency, approval.Plan.RENJA, YEAR)


def test_the_admin_locks_every_agencys_renja_of_a_year_with_a_reason(login, paser, plans):
    admin = login("admin_pemda")
    page = admin.get(URL).content.decode()
    total = Renja.objects.filter(agency__pemda=paser, year=YEAR).count()
    assert f'<td>{YEAR}</td><td class="text-end">{total}</td>' in page

    response = admin.post(URL, {"year": str(YEAR), "reason": "APBD 2024 ditetapkan"}, follow=True)
    assert f"Renja tahun {YEAR} dikunci: {total} perangkat daerah" in response.content.decode()
    locked = PlanApproval.objects.filter(
        agency__pemda=paser, plan=approval.Plan.RENJA, year=YEAR, state=approval.State.APPROVED
    )
    assert locked.count() == total
    events = SetupEvent.objects.filter(action=SetupEvent.Action.YEAR_LOCKED)
    assert events.count() == total and {e.detail for e in events} == {"APBD 2024 ditetapkan"}

    # Read-only now: the pagu editor of the perubahan answers 403 to the operator.
    plan = plans[0]
    assert login(plan.operator.username).get(plan.url).status_code == 403
    # The admin reopens one agency's; the other stays locked.
    approval.reopen(
        approval.User.objects.get(username="admin.paser"),
        plan.agency,
        approval.Plan.RENJA,
        YEAR,
        "Koreksi pagu",
    )
    assert _state(plan.agency) == approval.State.DRAFT
    assert _state(plans[1].agency) == approval.State.APPROVED
    # Locking again locks only what was reopened.
    assert (
        approval.lock_year(
            approval.User.objects.get(username="admin.paser"), paser, YEAR, "Dikunci lagi"
        )
        == 1
    )


def test_a_lock_without_a_reason_or_a_year_changes_nothing(login, plans):
    admin = login("admin_pemda")
    response = admin.post(URL, {"year": str(YEAR), "reason": "  "})
    assert response.status_code == 200
    assert "Tuliskan alasan" in response.content.decode()
    response = admin.post(URL, {"year": "", "reason": "APBD ditetapkan"})
    html = response.content.decode()
    assert "Pilih tahun Renja" in html and "APBD ditetapkan" in html  # typed reason kept
    response = admin.post(URL, {"year": "1999", "reason": "APBD ditetapkan"})
    assert "Belum ada Renja tahun 1999" in response.content.decode()
    assert not PlanApproval.objects.filter(state=approval.State.APPROVED).exists()


@pytest.mark.parametrize(
    "persona,status",
    [("operator_a", 403), ("head_a", 403), ("verifikator", 403), ("inspektorat", 403)],
)
def test_only_the_pemdas_admin_locks(login, plans, persona, status):
    client = login(persona)
    assert client.get(URL).status_code == status
    assert client.post(URL, {"year": str(YEAR), "reason": "x"}).status_code == status
    assert not PlanApproval.objects.filter(state=approval.State.APPROVED).exists()


def test_another_pemdas_admin_locks_only_their_own(login, plans, banyumas):
    other = login("admin_other_pemda")
    response = other.post(URL, {"year": str(YEAR), "reason": "APBD"})
    assert response.status_code in (200, 302)
    assert not PlanApproval.objects.filter(
        agency__pemda__code="paser", state=approval.State.APPROVED
    ).exists()
    assert reverse("setup_year_lock") == URL
