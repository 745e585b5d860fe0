"""Who may use every measurement endpoint: the personas of the demo Pemda (Paser),
an operator of another agency of the same Pemda, people of another Pemda, anonymous."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from sakip.accounts.models import User
from sakip.measurement import actions
from sakip.measurement.models import ActionPlanRow, EntryWindow, Evidence, QuarterReport
from sakip.measurement.plan import load_plan_editor
from sakip.measurement.tests.helpers import PDF_BYTES, indicator_of, item_of, upload

pytestmark = pytest.mark.django_db

YEAR, QUARTER = 2023, 1
READERS = {"operator_a", "head_a", "verifikator", "inspektorat", "admin_pemda"}
EDITORS = {"operator_a", "admin_pemda"}
OUTSIDERS = {"operator.kominfo", "operator_other_pemda", "admin_other_pemda"}
PERSONAS = [*sorted(READERS | OUTSIDERS), None]


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    allowed: frozenset[str]
    ok: int  # status for an allowed persona
    state: str = "open"  # the quarter's state before the request
    scoped: bool = True  # outsiders get 404 (False: the endpoint is not per agency)


def _e(name, method, allowed, ok, state="open", scoped=True):
    return Endpoint(name, method, frozenset(allowed), ok, state, scoped)


ENDPOINTS = [
    _e("measurement_quarter", "get", READERS, 200),
    _e("measurement_preview_k", "get", READERS, 200),
    _e("measurement_save_k", "post", EDITORS, 302),
    _e("measurement_preview_rp", "get", READERS, 200),
    _e("measurement_save_rp", "post", EDITORS, 302),
    _e("measurement_upload", "post", EDITORS, 302),
    _e("measurement_evidence", "get", READERS, 200),
    _e("measurement_evidence_delete", "post", EDITORS, 302),
    _e("measurement_submit", "post", EDITORS, 302),
    _e("measurement_approve", "post", {"verifikator"}, 302, state="submitted"),
    _e("measurement_return", "post", {"verifikator"}, 302, state="submitted"),
    _e("measurement_unlock", "post", {"admin_pemda"}, 302, state="approved"),
    _e("measurement_narrative", "post", EDITORS, 302),
    _e("measurement_history", "get", READERS, 200),
    _e("measurement_plan", "get", READERS, 200),
    _e("measurement_plan_save", "post", EDITORS, 302),
    _e("measurement_windows", "get", {"admin_pemda", "admin_other_pemda"}, 200, scoped=False),
    _e("measurement_windows", "post", {"admin_pemda", "admin_other_pemda"}, 302, scoped=False),
]
POSTS = [e for e in ENDPOINTS if e.method == "post"]


@pytest.fixture
def setting(kesbangpol, neighbour):
    """The figures and the evidence the endpoints act on."""
    indicator = indicator_of(kesbangpol, "8.01.01.2.01.01")
    item = item_of(kesbangpol, "8.01.01.2.01.01")
    evidence = actions.add_evidence(
        User.objects.get(username="operator.kesbangpol"),
        kesbangpol,
        YEAR,
        QUARTER,
        indicator_id=indicator.pk,
        upload=upload(),
    )
    pk_indicator = load_plan_editor(kesbangpol, 2024).lines[0].indicator
    return {"indicator": indicator, "item": item, "evidence": evidence, "pk": pk_indicator}


def request_for(endpoint: Endpoint, kesbangpol, setting) -> tuple[str, dict[str, Any]]:
    period = [kesbangpol.pk, YEAR, QUARTER]
    data: dict[str, Any] = {}
    match endpoint.name:
        case "measurement_preview_k":
            url = reverse(endpoint.name, args=[*period, setting["indicator"].pk]) + "?value=3"
        case "measurement_save_k":
            url = reverse(endpoint.name, args=[*period, setting["indicator"].pk])
            current = setting["indicator"].actuals.get(year=YEAR, quarter=QUARTER)
            data = {"value": "4", "version": current.version}
        case "measurement_preview_rp":
            url = reverse(endpoint.name, args=[*period, setting["item"].pk]) + "?amount=1.000"
        case "measurement_save_rp":
            url = reverse(endpoint.name, args=[*period, setting["item"].pk])
            current = setting["item"].budget_actuals.get(year=YEAR, quarter=QUARTER)
            data = {"amount": "1.000", "version": current.version}
        case "measurement_upload":
            url = reverse(endpoint.name, args=period) + f"?jenis=k&id={setting['indicator'].pk}"
            # Another file than the evidence already there (the same one twice is refused).
            data = {"file": upload("lain.pdf", PDF_BYTES + b"% lain\n")}
        case "measurement_evidence_delete":
            url = reverse(endpoint.name, args=[setting["evidence"].pk])
            data = {"reason": "Salah unggah."}
        case "measurement_evidence":
            url = reverse(endpoint.name, args=[setting["evidence"].pk])
        case "measurement_return":
            url = reverse(endpoint.name, args=period)
            data = {"note": "Lengkapi bukti dukung."}
        case "measurement_unlock":
            url = reverse(endpoint.name, args=period)
            data = {"reason": "Koreksi."}
        case "measurement_narrative":
            url = reverse(endpoint.name, args=period)
            data = {"driving_factors": "Dukungan pimpinan.", "version": "0"}
        case "measurement_plan":
            url = reverse(endpoint.name, args=[kesbangpol.pk, 2024])
        case "measurement_plan_save":
            url = reverse(endpoint.name, args=[kesbangpol.pk, 2024, setting["pk"].pk])
            data = {"q1": "", "q2": "", "q3": "", "q4": "", "action": "Rapat.", "version": "0"}
        case "measurement_windows":
            url = reverse(endpoint.name, args=[YEAR])
            if endpoint.method == "post":
                data = {"quarter": "2", "opens_on": "2023-07-01", "closes_on": "2023-07-15"}
        case "measurement_submit":
            url = reverse(endpoint.name, args=period)
            data = {"confirm_blank": "1"}
        case _:
            url = reverse(endpoint.name, args=period)
    return url, data


def effect(endpoint: Endpoint, kesbangpol, setting) -> object:
    """What a POST endpoint changes, read from the database: compared before and after
    the request, it shows whether the request really did something."""
    match endpoint.name:
        case "measurement_save_k":
            return setting["indicator"].actuals.get(year=YEAR, quarter=QUARTER).value
        case "measurement_save_rp":
            return setting["item"].budget_actuals.get(year=YEAR, quarter=QUARTER).amount
        case "measurement_upload":
            return Evidence.objects.filter(agency=kesbangpol).count()
        case "measurement_evidence_delete":
            return Evidence.objects.filter(pk=setting["evidence"].pk).exists()
        case "measurement_submit" | "measurement_approve" | "measurement_return":
            return QuarterReport.objects.get(agency=kesbangpol, year=YEAR, quarter=QUARTER).state
        case "measurement_unlock":
            return QuarterReport.objects.get(agency=kesbangpol, year=YEAR, quarter=QUARTER).state
        case "measurement_narrative":
            report = QuarterReport.objects.get(agency=kesbangpol, year=YEAR, quarter=QUARTER)
            return report.driving_factors
        case "measurement_plan_save":
            return list(
                ActionPlanRow.objects.filter(indicator=setting["pk"], plan__year=2024).values_list(
                    "action", flat=True
                )
            )
        case "measurement_windows":
            return sorted(
                EntryWindow.objects.filter(year=YEAR, quarter=2).values_list(
                    "pemda__code", "opens_on", "closes_on"
                )
            )
    raise AssertionError(f"no effect known for {endpoint.name}")


def _prepare(endpoint: Endpoint, kesbangpol, setting) -> None:
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=YEAR, quarter=QUARTER, defaults={"state": endpoint.state}
    )
    if endpoint.name == "measurement_plan_save":
        ActionPlanRow.objects.filter(indicator=setting["pk"], plan__year=2024).delete()


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method}-{e.name}")
def test_every_endpoint_admits_exactly_the_personas_it_should(
    endpoint, persona, login, kesbangpol, setting
):
    _prepare(endpoint, kesbangpol, setting)
    url, data = request_for(endpoint, kesbangpol, setting)
    before = effect(endpoint, kesbangpol, setting) if endpoint.method == "post" else None
    client = login(persona)
    response = getattr(client, endpoint.method)(url, data)
    # Read the effect before close(): closing fires request_finished, which on
    # PostgreSQL closes the test's connection (the file responses need closing).
    after = effect(endpoint, kesbangpol, setting) if endpoint.method == "post" else None
    response.close()
    if endpoint.method == "post":
        if persona in endpoint.allowed:
            assert after != before, f"{persona} was admitted but nothing changed"
        else:
            assert after == before, f"{persona} was refused but something changed"
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif persona in endpoint.allowed:
        assert response.status_code == endpoint.ok
    elif persona in OUTSIDERS and endpoint.scoped:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_an_allowed_save_really_saves_and_a_refused_one_changes_nothing(login, kesbangpol, setting):
    indicator = setting["indicator"]
    figure = indicator.actuals.get(year=YEAR, quarter=QUARTER)
    url = reverse("measurement_save_k", args=[kesbangpol.pk, YEAR, QUARTER, indicator.pk])
    for persona in ("head_a", "verifikator", "inspektorat", "operator.kominfo"):
        login(persona).post(url, {"value": "4", "version": figure.version})
    figure.refresh_from_db()
    assert figure.value != 4
    login("operator_a").post(url, {"value": "4", "version": figure.version})
    figure.refresh_from_db()
    assert figure.value == 4


def test_evidence_of_another_agency_cannot_be_downloaded_even_by_its_number(
    login, kesbangpol, setting
):
    url = reverse("measurement_evidence", args=[setting["evidence"].pk])
    assert login("operator.kominfo").get(url).status_code == 404
    assert Evidence.objects.filter(pk=setting["evidence"].pk).exists()


def test_figures_cannot_be_changed_in_the_django_admin_even_by_a_superuser(kesbangpol, setting):
    from django.test import Client

    root = User(username="root", is_superuser=True, is_staff=True)
    root.set_unusable_password()
    root.save()
    client = Client()
    client.force_login(root)
    figure = setting["indicator"].actuals.get(year=YEAR, quarter=QUARTER)
    url = reverse("admin:measurement_actual_change", args=[figure.pk])
    assert client.get(url).status_code == 200  # may look
    client.post(url, {"value": "999", "year": YEAR, "quarter": QUARTER})
    figure.refresh_from_db()
    assert figure.value != 999
    assert client.get(reverse("admin:measurement_actual_add")).status_code == 403


def test_the_rencana_aksi_cannot_be_changed_in_the_django_admin_even_by_a_superuser(
    kesbangpol, setting
):
    from django.test import Client

    from sakip.measurement.models import ActionPlan

    root = User(username="root", is_superuser=True, is_staff=True)
    root.set_unusable_password()
    root.save()
    client = Client()
    client.force_login(root)
    plan = ActionPlan.objects.get(agency=kesbangpol, year=2024)
    row = plan.rows.exclude(indicator=None).first()
    before = (row.q1_target, row.action, row.version)
    url = reverse("admin:measurement_actionplan_change", args=[plan.pk])
    html = client.get(url).content.decode()
    assert 'name="rows-0-q1_target"' not in html  # shown, not editable
    client.post(
        url,
        {
            "agency": kesbangpol.pk,
            "year": 2024,
            "title": "Diubah",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "1",
            "rows-0-id": row.pk,
            "rows-0-plan": plan.pk,
            "rows-0-q1_target": "999",
            "rows-0-action": "Diubah di admin.",
        },
    )
    row.refresh_from_db()
    plan.refresh_from_db()
    assert (row.q1_target, row.action, row.version) == before
    assert plan.title != "Diubah"
    assert client.get(reverse("admin:measurement_actionplan_add")).status_code == 403
    delete = reverse("admin:measurement_actionplan_delete", args=[plan.pk])
    client.post(delete, {"post": "yes"})
    assert ActionPlan.objects.filter(pk=plan.pk).exists()


@pytest.mark.parametrize("endpoint", POSTS, ids=lambda e: e.name)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    endpoint, kesbangpol, setting
):
    from django.test import Client

    persona = "admin_pemda" if "admin_pemda" in endpoint.allowed else sorted(endpoint.allowed)[0]
    username = {
        "operator_a": "operator.kesbangpol",
        "admin_pemda": "admin.paser",
        "verifikator": "verifikator.paser",
    }[persona]
    _prepare(endpoint, kesbangpol, setting)
    url, data = request_for(endpoint, kesbangpol, setting)
    before = effect(endpoint, kesbangpol, setting)
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=username))
    response = client.post(url, data)
    assert response.status_code == 403
    assert effect(endpoint, kesbangpol, setting) == before
