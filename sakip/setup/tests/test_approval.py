"""Plan approval: the operator submits, only the agency's pimpinan approves, an approved
plan is read-only (imports refused) until the admin reopens it with a reason."""

from __future__ import annotations

import pytest

from sakip.planning.models import Renstra
from sakip.setup.models import PlanApproval, SetupEvent

pytestmark = pytest.mark.django_db


def _step(client, agency, plan, year, step, **data):
    return client.post(f"/opd/{agency.pk}/rencana/{plan}/{year}/{step}/", data)


def test_submit_approve_lock_and_reopen_the_renstra(login, kesbangpol, paser):
    renstra = Renstra.objects.filter(agency=kesbangpol).first()
    year = renstra.start_year
    base = f"/opd/{kesbangpol.pk}/renstra/{renstra.pk}/"
    operator, head, admin = login("operator_a"), login("head_a"), login("admin_pemda")
    page = operator.get(f"/opd/{kesbangpol.pk}/renstra/").content.decode()
    assert "Ajukan ke pimpinan" in page and "Setujui" not in page

    assert _step(operator, kesbangpol, "renstra", year, "setujui").status_code == 403
    assert _step(operator, kesbangpol, "renstra", year, "ajukan").status_code == 302
    assert "Setujui Renstra" in head.get(f"/opd/{kesbangpol.pk}/renstra/").content.decode()
    assert _step(head, kesbangpol, "renstra", year, "setujui").status_code == 302
    approval = PlanApproval.objects.get(agency=kesbangpol, plan="renstra", year=year)
    assert approval.state == "approved"

    assert operator.get(base + "impor/").status_code == 403  # read-only now
    assert operator.get(base + "ekspor.xlsx").status_code == 200
    page = operator.get(f"/opd/{kesbangpol.pk}/renstra/").content.decode()
    assert "Impor Renstra dari Excel" not in page

    _step(admin, kesbangpol, "renstra", year, "buka", alasan="")
    approval.refresh_from_db()
    assert approval.state == "approved"  # a reason is required
    assert (
        _step(admin, kesbangpol, "renstra", year, "buka", alasan="Revisi target 2024").status_code
        == 302
    )
    approval.refresh_from_db()
    assert approval.state == "draft"
    assert operator.get(base + "impor/").status_code == 200
    reasons = SetupEvent.objects.filter(agency=kesbangpol, action="reopened")
    assert [e.detail for e in reasons] == ["Revisi target 2024"]
    assert (
        SetupEvent.objects.filter(agency=kesbangpol, action__in=["submitted", "approved"]).count()
        == 2
    )


@pytest.mark.parametrize(
    "persona,status", [("operator_other_pemda", 404), ("verifikator", 403), ("inspektorat", 403)]
)
def test_outsiders_take_no_step(login, kesbangpol, persona, status):
    for step in ["ajukan", "setujui", "buka"]:
        response = _step(login(persona), kesbangpol, "iku", 0, step, alasan="x")
        assert response.status_code == status
    assert not PlanApproval.objects.filter(agency=kesbangpol, plan="iku").exists()


def test_an_approved_iku_refuses_imports(login, kesbangpol):
    _step(login("head_a"), kesbangpol, "iku", 0, "setujui")
    assert login("operator_a").get(f"/opd/{kesbangpol.pk}/iku/impor/").status_code == 403
