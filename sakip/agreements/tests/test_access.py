"""Who may and who may not, on every PK endpoint: admin Pemda, operator A, head A,
verifikator, inspektorat, operator of another agency of the same Pemda, operator of
another Pemda, anonymous. Out of scope is 404 (its existence is not revealed); visible
but not editable is 403; anonymous goes to the login page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.models import Agreement, BudgetApproval
from sakip.organisation.models import Position

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_pemda",
    "operator_a",
    "head_a",
    "verifikator",
    "inspektorat",
    "operator.kominfo",
    "operator_other_pemda",
    None,
]
LOGIN = "login"  # expected: redirected to the login page


def _expect(*codes):
    return list(zip(PERSONAS, codes, strict=True))


@pytest.fixture
def draft(next_year, other_agency) -> Agreement:
    admin = User.objects.get(username="admin.paser")
    return actions.create_draft(
        admin, Position.objects.get(code="kasubag_umum", pemda__code="paser"), next_year
    )


@pytest.fixture
def signed() -> Agreement:
    return Agreement.objects.get(code="pk-kabid-ideologi-2024")


def _check(response, expected) -> None:
    if expected == LOGIN and response.request.get("HTTP_HX_REQUEST") == "true":
        # htmx: 401 and the login page's address (not the login form in the editor).
        assert response.status_code == 401
        assert response["X-Login-URL"].startswith(reverse("login"))
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.content[:300]


READS = _expect(200, 200, 200, 200, 200, 404, 404, LOGIN)


@pytest.mark.parametrize(("persona", "expected"), READS)
@pytest.mark.parametrize(
    "page",
    ["list", "detail", "detail_docx", "cascade", "action_plan", "action_plan_xlsx", "draft"],
)
def test_agency_pages_are_read_within_the_agency_and_by_pemda_wide_readers(
    login, kesbangpol, draft, signed, persona, expected, page
):
    url = {
        "list": reverse("agreements", args=[kesbangpol.pk]),
        "detail": reverse("agreement", args=[signed.pk]),
        "detail_docx": reverse("agreement", args=[signed.pk]) + "?format=docx",
        "cascade": reverse("cascade", args=[kesbangpol.pk, 2024]),
        "action_plan": reverse("action_plan", args=[kesbangpol.pk, 2024]),
        "action_plan_xlsx": reverse("action_plan", args=[kesbangpol.pk, 2024]) + "?format=xlsx",
        "draft": reverse("agreement", args=[draft.pk]) + "?format=docx",
    }[page]
    _check(login(persona).get(url), expected)


@pytest.mark.parametrize(("persona", "expected"), READS)
def test_the_pdf_downloads_follow_the_same_rule(login, kesbangpol, draft, persona, expected):
    client = login(persona)
    _check(client.get(reverse("agreement", args=[draft.pk]) + "?format=pdf"), expected)


EDITS = _expect(200, 200, 403, 403, 403, 404, 404, LOGIN)


@pytest.mark.parametrize(("persona", "expected"), EDITS)
def test_only_the_operator_and_the_pemda_admin_open_the_draft_editor(
    login, draft, persona, expected
):
    _check(login(persona).get(reverse("agreement_edit", args=[draft.pk])), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 302, 403, 403, 403, 404, 404, LOGIN))
def test_only_the_operator_and_the_pemda_admin_save_a_draft(login, draft, persona, expected):
    data = {
        "place": "Tana Paser",
        "date": "2025-01-06",
        "t-TOTAL_FORMS": "1",
        "t-INITIAL_FORMS": "0",
        "t-0-indicator_text": "Jumlah paket mebel",
        "t-0-target_text": "2 Unit",
        "b-TOTAL_FORMS": "0",
        "b-INITIAL_FORMS": "0",
    }
    response = login(persona).post(reverse("agreement_edit", args=[draft.pk]), data)
    _check(response, expected)
    if expected == 302:
        assert response["Location"] == reverse("agreement", args=[draft.pk])
    assert draft.targets.count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 302, 403, 403, 403, 404, 404, LOGIN))
def test_only_the_operator_and_the_pemda_admin_record_a_signature(login, draft, persona, expected):
    actions.save_draft(
        User.objects.get(username="admin.paser"),
        draft,
        place="Tana Paser",
        date=datetime.date(2025, 1, 6),
        targets=[actions.TargetInput(indicator_text="Jumlah paket", target_text="2 Paket")],
        budget=[],
    )
    response = login(persona).post(reverse("agreement_sign", args=[draft.pk]))
    _check(response, expected)
    draft.refresh_from_db()
    assert draft.is_signed == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 302, 403, 403, 403, 404, 404, LOGIN))
def test_only_the_operator_and_the_pemda_admin_delete_a_draft(login, draft, persona, expected):
    _check(login(persona).post(reverse("agreement_delete", args=[draft.pk])), expected)
    assert Agreement.objects.filter(pk=draft.pk).exists() == (expected != 302)


@pytest.mark.parametrize(("persona", "expected"), EDITS)
def test_only_the_operator_and_the_pemda_admin_open_the_revision_form(
    login, signed, other_agency, persona, expected
):
    _check(login(persona).get(reverse("agreement_revise", args=[signed.pk])), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 302, 403, 403, 403, 404, 404, LOGIN))
def test_only_the_operator_and_the_pemda_admin_revise_a_signed_pk(
    login, signed, other_agency, persona, expected
):
    response = login(persona).post(
        reverse("agreement_revise", args=[signed.pk]),
        {"reason": "Pergantian pejabat", "revised_on": "2024-07-01"},
    )
    _check(response, expected)
    assert Agreement.objects.filter(previous=signed).exists() == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), _expect(403, 403, 403, 403, 403, 403, 403, LOGIN))
def test_nobody_opens_the_editor_of_a_signed_pk(login, signed, other_agency, persona, expected):
    # Out-of-scope users still get 404 first: the PK of another agency is not revealed.
    if persona in ("operator.kominfo", "operator_other_pemda"):
        expected = 404
    _check(login(persona).get(reverse("agreement_edit", args=[signed.pk])), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(200, 200, 403, 403, 403, 404, 404, LOGIN))
def test_the_create_form_for_a_position_of_agency_a(login, other_agency, persona, expected):
    position = Position.objects.get(code="kasubag_umum", pemda__code="paser")
    url = reverse("agreement_create") + f"?position={position.pk}&year=2025"
    _check(login(persona).get(url), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 302, 403, 403, 403, 404, 404, LOGIN))
def test_only_the_operator_and_the_pemda_admin_create_a_draft_of_agency_a(
    login, next_year, other_agency, persona, expected
):
    position = Position.objects.get(code="kasubag_umum", pemda__code="paser")
    response = login(persona).post(
        reverse("agreement_create"), {"position": position.pk, "year": next_year}
    )
    _check(response, expected)
    assert Agreement.objects.filter(position=position, year=next_year).exists() == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), _expect(200, 200, 403, 403, 403, 403, 200, LOGIN))
def test_the_create_form_without_a_position_is_for_those_who_edit_some_agency(
    login, other_agency, persona, expected
):
    # The Kominfo operator's agency has no positions yet; the Sokaraja operator's has.
    _check(login(persona).get(reverse("agreement_create")), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(200, 200, 200, 200, 200, 200, 200, LOGIN))
def test_the_pemda_page_is_read_by_everyone_of_a_pemda(login, other_agency, persona, expected):
    _check(login(persona).get(reverse("agreements_pemda")), expected)


@pytest.mark.parametrize(("persona", "expected"), _expect(302, 403, 403, 403, 403, 403, 403, LOGIN))
def test_only_the_pemda_admin_sets_the_budget_approval_date(
    login, paser, other_agency, persona, expected
):
    response = login(persona).post(
        reverse("agreements_pemda"), {"year": 2025, "approved_on": "2024-12-20"}
    )
    _check(response, expected)
    assert BudgetApproval.objects.filter(pemda=paser, year=2025).exists() == (expected == 302)


def test_the_admin_of_another_pemda_sets_only_its_own_dates(login, paser, banyumas):
    login("admin_other_pemda").post(
        reverse("agreements_pemda"), {"year": 2025, "approved_on": "2024-12-20"}
    )
    assert not BudgetApproval.objects.filter(pemda=paser).exists()
    assert BudgetApproval.objects.filter(pemda=banyumas, year=2025).exists()


def test_the_bupati_pk_is_read_by_pemda_wide_readers_only(login, next_year, other_agency):
    admin = User.objects.get(username="admin.paser")
    bupati = actions.create_draft(
        admin, Position.objects.get(code="bupati", pemda__code="paser"), next_year
    )
    url = reverse("agreement", args=[bupati.pk])
    for persona, expected in _expect(200, 404, 404, 200, 200, 404, 404, LOGIN):
        _check(login(persona).get(url), expected)
    for persona, expected in _expect(200, 403, 404, 403, 403, 404, 404, LOGIN):
        # The operator of agency A sees no Pemda-level PK; it may not edit it either.
        if persona == "operator_a":
            expected = 404
        _check(login(persona).get(reverse("agreement_edit", args=[bupati.pk])), expected)


def test_csrf_stays_on_for_every_write(draft, signed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="operator.kesbangpol"))
    for url, data in (
        (reverse("agreement_sign", args=[draft.pk]), {}),
        (reverse("agreement_delete", args=[draft.pk]), {}),
        (reverse("agreement_edit", args=[draft.pk]), {"place": "x"}),
        (
            reverse("agreement_revise", args=[signed.pk]),
            {"reason": "x", "revised_on": "2024-07-01"},
        ),
        (reverse("agreement_create"), {"position": draft.position_id, "year": 2025}),
        (reverse("agreements_pemda"), {"year": 2025, "approved_on": "2024-12-20"}),
    ):
        assert client.post(url, data).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_signed
    assert not Agreement.objects.filter(previous=signed).exists()


def test_sign_and_delete_refuse_get(login, draft):
    client = login("operator_a")
    assert client.get(reverse("agreement_sign", args=[draft.pk])).status_code == 405
    assert client.get(reverse("agreement_delete", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize(("persona", "expected"), EDITS)
def test_only_the_operator_and_the_pemda_admin_fetch_a_new_editor_row(
    login, draft, persona, expected
):
    url = reverse("agreement_row", args=[draft.pk]) + "?kind=t&t-TOTAL_FORMS=2"
    _check(login(persona).get(url, headers={"HX-Request": "true"}), expected)
