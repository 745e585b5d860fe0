"""Who may use the set-up area: only the Pemda's own admin, and only on the Pemda's own
records; the platform operator's Pemda page only for superusers; the invitation page
for anyone holding a valid token."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sakip.accounts.models import User
from sakip.organisation.models import Agency, Employee, Position, PositionHolding, Unit
from sakip.setup.actions import invitation_path
from sakip.setup.lists import LISTS

pytestmark = pytest.mark.django_db

NOT_ADMINS = ["operator_a", "head_a", "verifikator", "inspektorat", "operator_other_pemda"]


def _record(key: str, paser):
    model_rows = LISTS[key].rows(paser)
    return model_rows.first()


def _urls(paser) -> list[tuple[str, str]]:
    """(method, url) of every set-up endpoint, on a record of Paser."""
    urls = [("get", reverse("setup")), ("get", reverse("setup_history"))]
    for key in LISTS:
        pk = _record(key, paser).pk
        urls += [
            ("get", reverse("setup_list", args=[key])),
            ("get", reverse("setup_create", args=[key])),
            ("post", reverse("setup_create", args=[key])),
            ("get", reverse("setup_edit", args=[key, pk])),
            ("post", reverse("setup_edit", args=[key, pk])),
            ("get", reverse("setup_template", args=[key])),
            ("get", reverse("setup_export", args=[key])),
            ("get", reverse("setup_import", args=[key])),
            ("post", reverse("setup_import", args=[key])),
            ("post", reverse("setup_confirm", args=[key])),
        ]
    operator = User.objects.get(username="operator.kesbangpol")
    employee = Employee.objects.filter(pemda=paser).first()
    urls += [
        ("get", reverse("setup_user", args=[operator.pk])),
        ("post", reverse("setup_user", args=[operator.pk])),
        ("post", reverse("setup_active", args=["pengguna", operator.pk])),
        ("post", reverse("setup_active", args=["pegawai", employee.pk])),
    ]
    return urls


@pytest.mark.parametrize("persona", NOT_ADMINS)
def test_nobody_but_an_admin_pemda_reaches_any_setup_page(login, paser, persona):
    client = login(persona)
    for method, url in _urls(paser):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (persona, method, url)
    assert User.objects.get(username="operator.kesbangpol").is_active


def test_an_anonymous_visitor_is_sent_to_log_in_everywhere(login, paser):
    client = login(None)
    for method, url in _urls(paser):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/"), url


def test_the_admin_reaches_every_page_and_every_link_answers(login, paser):
    client = login("admin_pemda")
    for method, url in _urls(paser):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_admin_of_another_pemda_cannot_read_or_change_pasers_records(login, paser):
    client = login("admin_other_pemda")
    for key in LISTS:
        record = _record(key, paser)
        assert client.get(reverse("setup_edit", args=[key, record.pk])).status_code == 404
        assert client.post(reverse("setup_edit", args=[key, record.pk]), {}).status_code == 404
        shown = client.get(reverse("setup_list", args=[key])).context["rows"]
        assert record.pk not in {obj.pk for obj, _ in shown}
    operator = User.objects.get(username="operator.kesbangpol")
    assert client.get(reverse("setup_user", args=[operator.pk])).status_code == 404
    assert client.post(reverse("setup_user", args=[operator.pk])).status_code == 404
    response = client.post(reverse("setup_active", args=["pengguna", operator.pk]), {"aktif": "0"})
    assert response.status_code == 404
    operator.refresh_from_db()
    assert operator.is_active
    exported = client.get(reverse("setup_export", args=["pegawai"])).content
    for employee in Employee.objects.filter(pemda=paser):
        assert employee.code.encode() not in exported


def test_an_import_cannot_reach_another_pemdas_records_by_code(login, other_agency, banyumas):
    """A Banyumas admin's file naming Paser's agency code creates nothing in Paser and
    cannot attach a user to Paser's agency."""
    from sakip.setup.tests.helpers import filled, upload

    client = login("admin_other_pemda")
    template = client.get(reverse("setup_template", args=["pengguna"])).content
    content = filled(template, [["x.y", "", "", "Operator OPD", other_agency.code, "", "Ya"]])
    response = client.post(reverse("setup_import", args=["pengguna"]), {"file": upload(content)})
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(2, "E (Kode PD)")]
    assert not User.objects.filter(username="x.y").exists()


def test_forms_offer_only_the_pemdas_own_records(login, paser, banyumas):
    client = login("admin_other_pemda")
    form = client.get(reverse("setup_create", args=["jabatan"])).context["form"]
    offered = {a.pk for a in form.fields["agency"].queryset}
    assert offered and not offered & set(
        Agency.objects.filter(pemda=paser).values_list("pk", flat=True)
    )
    kesbangpol = Agency.objects.get(pemda=paser, code="kesbangpol")
    response = client.post(
        reverse("setup_create", args=["jabatan"]),
        {"code": "sneaky", "title": "Sneaky", "agency": kesbangpol.pk, "eselon": ""},
    )
    assert response.status_code == 200
    assert not Position.objects.filter(code="sneaky").exists()
    unit = Unit.objects.filter(agency__pemda=paser).first()
    assert unit is not None
    holding = PositionHolding.objects.filter(position__pemda=paser).first()
    assert (
        client.get(reverse("setup_edit", args=["pemangku-jabatan", holding.pk])).status_code == 404
    )


@pytest.mark.parametrize("persona", ["admin_pemda", "operator_a", "verifikator"])
def test_only_a_superuser_may_add_a_pemda(login, persona):
    client = login(persona)
    assert client.get(reverse("setup_pemdas")).status_code == 403
    assert client.post(reverse("setup_pemdas"), {"code": "x"}).status_code == 403


def test_an_invitation_link_opens_without_login_only_with_a_valid_token(login, paser):
    user = User.objects.get(username="operator.kesbangpol")
    client = login(None)
    assert client.get(invitation_path(user)).status_code == 200
    bad = reverse("setup_invitation", args=["MQ", "not-a-token"])
    page = client.get(bad).content.decode()
    assert "tidak berlaku" in page
    assert client.post(bad, {"new_password1": "x", "new_password2": "x"}).status_code == 200


@pytest.mark.parametrize(
    "persona,status",
    [("admin_pemda", 200), ("operator_a", 200), ("inspektorat", 200), (None, 302)],
)
def test_the_nomenclature_page_is_read_by_every_role_and_imported_by_superusers_only(
    login, persona, status
):
    client = login(persona)
    assert client.get(reverse("nomenclature")).status_code == status
    post = client.post(reverse("nomenclature"), {"impor-year": 2025})
    assert post.status_code == (302 if persona is None else 403)
