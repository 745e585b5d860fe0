"""The IKU kept one indicator at a time on screen (iku_row_views): chosen among the
agency's Renstra indicators, changed, or made no longer an IKU, each written as a
one-row IKU file through the import's checks; a refused row keeps what was typed and
writes nothing; only for who edits the agency's plans, while its IKU is not approved."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency
from sakip.planning.models import Goal, Indicator, Objective, Renstra
from sakip.setup.models import PlanApproval, SetupEvent
from sakip.setup.tests.helpers import row_form

pytestmark = pytest.mark.django_db

#: The IKU sheet's columns, in order (c0 … c10).
COLUMNS = [
    "Indikator",
    "IKU",
    "Definisi operasional",
    "Formulasi (uraian)",
    "Rumus",
    "Variabel",
    "Arah",
    "Rumus capaian negatif",
    "Penggabungan triwulan",
    "Sumber data",
    "Penanggung jawab",
]


@pytest.fixture
def agency(paser) -> Agency:
    """Badan Uji with a Renstra sasaran and two indicators, "Nilai SAKIP" already an
    IKU and "Persentase dokumen" not; an operator and a pimpinan."""
    agency = Agency.objects.create(pemda=paser, code="uji", name="Badan Uji")
    for role in (Role.OPERATOR, Role.PIMPINAN):
        User.objects.create_user(f"{role}.uji", role=role, pemda=paser, agency=agency)
    renstra = Renstra.objects.create(agency=agency, start_year=2025, end_year=2029)
    goal = Goal.objects.create(renstra=renstra, number=1, name="Tujuan")
    objective = Objective.objects.create(agency=agency, goal=goal, number=1, name="Sasaran")
    for order, (name, iku) in enumerate([("Nilai SAKIP", True), ("Persentase dokumen", False)]):
        Indicator.objects.create(
            pemda=paser,
            agency=agency,
            objective=objective,
            name=name,
            unit="%",
            order=order,
            is_iku=iku,
        )
    return agency


def _operator() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="operator.uji"))
    return client


def _row(**cells: object) -> dict[str, str]:
    return row_form(COLUMNS, **cells)


ROW = {
    "Indikator": "Persentase dokumen",
    "IKU": "Ya",
    "Definisi operasional": "Dokumen tepat waktu dibanding seluruh dokumen",
    "Rumus": "tepat / semua * 100",
    "Variabel": "tepat: Dokumen tepat waktu; semua: Seluruh dokumen",
    "Arah": "Semakin tinggi semakin baik",
    "Penggabungan triwulan": "Non kumulatif (nilai terakhir)",
}


def _state(agency: Agency) -> list:
    return [
        list(
            Indicator.objects.filter(agency=agency)
            .order_by("pk")
            .values_list("name", "is_iku", "definition", "formula", "variables", "quarter_combine")
        ),
        list(SetupEvent.objects.filter(agency=agency).values_list("pk")),
    ]


def test_the_operator_makes_an_indicator_an_iku_with_its_formula(agency):
    client = _operator()
    page = client.get(reverse("setup_iku_row_new", args=[agency.pk]))
    assert page.status_code == 200
    # Only the Renstra indicators not yet IKU are offered.
    offered = next(f for f in page.context["fields"] if f["label"] == "Indikator")["choices"]
    assert offered == ["Persentase dokumen"]
    response = client.post(reverse("setup_iku_row_new", args=[agency.pk]), _row(**ROW))
    assert response.status_code == 302
    assert response["Location"] == reverse("setup_iku_rows", args=[agency.pk])
    indicator = Indicator.objects.get(agency=agency, name="Persentase dokumen")
    assert indicator.is_iku and indicator.quarter_combine == "last"
    assert indicator.variables == {"tepat": "Dokumen tepat waktu", "semua": "Seluruh dokumen"}
    event = SetupEvent.objects.get(agency=agency, subject_type="IKU")
    assert event.action == SetupEvent.Action.CHANGED and "di layar" in event.detail
    listing = client.get(reverse("setup_iku_rows", args=[agency.pk])).content.decode()
    assert "Persentase dokumen" in listing and "Nilai SAKIP" in listing


def test_a_formula_with_an_undescribed_variable_is_refused_at_its_field(agency):
    client = _operator()
    before = _state(agency)
    response = client.post(
        reverse("setup_iku_row_new", args=[agency.pk]),
        _row(**{**ROW, "Variabel": "tepat: Dokumen tepat waktu"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tidak ada yang disimpan" in html and "tepat / semua * 100" in html
    errors = {f["label"]: f["errors"] for f in response.context["fields"] if f["errors"]}
    assert list(errors) == ["Variabel"] and "“semua”" in errors["Variabel"][0], errors
    assert _state(agency) == before


def test_an_iku_is_changed_and_then_no_longer_an_iku_without_losing_the_indicator(agency):
    client = _operator()
    indicator = Indicator.objects.get(agency=agency, name="Nilai SAKIP")
    url = reverse("setup_iku_row", args=[agency.pk, indicator.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Nilai SAKIP" in page.content.decode()
    cells = {**ROW, "Indikator": "dikirim lain", "Rumus": "", "Variabel": "", "Sumber data": "LHE"}
    assert client.post(url, _row(**cells)).status_code == 302
    indicator.refresh_from_db()
    assert indicator.data_source == "LHE" and indicator.is_iku
    # The row is the indicator's whatever the form sends as its name.
    assert not Indicator.objects.filter(name="dikirim lain").exists()
    assert client.post(url, _row(**{**cells, "IKU": "Tidak"})).status_code == 302
    indicator.refresh_from_db()
    assert not indicator.is_iku and Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("operator.uji", 200),
        ("admin_pemda", 200),
        ("pimpinan.uji", 403),
        ("operator_a", 404),
        ("verifikator", 403),
        ("inspektorat", 403),
        ("operator_other_pemda", 404),
        (None, 302),
    ],
)
def test_only_who_edits_the_agencys_plans_reaches_the_iku_rows(login, agency, persona, expected):
    client = login(persona)
    before = _state(agency)
    indicator = Indicator.objects.get(agency=agency, name="Nilai SAKIP")
    for url, data in (
        (reverse("setup_iku_rows", args=[agency.pk]), None),
        (reverse("setup_iku_row_new", args=[agency.pk]), _row(**ROW)),
        (reverse("setup_iku_row", args=[agency.pk, indicator.pk]), _row(**ROW)),
    ):
        assert client.get(url).status_code == expected, (persona, url)
        if data is not None and expected != 200:
            assert client.post(url, data).status_code == expected, (persona, url)
    assert _state(agency) == before


def test_an_indicator_of_another_agency_is_not_found(agency, kesbangpol):
    other = Indicator.objects.filter(agency=kesbangpol).first()
    response = _operator().get(reverse("setup_iku_row", args=[agency.pk, other.pk]))
    assert response.status_code == 404


def test_an_approved_iku_is_read_only_and_csrf_is_on(agency):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="operator.uji"))
    before = _state(agency)
    assert (
        strict.post(reverse("setup_iku_row_new", args=[agency.pk]), _row(**ROW)).status_code == 403
    )
    PlanApproval.objects.create(
        agency=agency, plan=PlanApproval.Plan.IKU, year=0, state=PlanApproval.State.APPROVED
    )
    client = _operator()
    response = client.get(reverse("setup_iku_rows", args=[agency.pk]))
    assert response.status_code == 403 and "hanya dapat dibaca" in response.content.decode()
    assert (
        client.post(reverse("setup_iku_row_new", args=[agency.pk]), _row(**ROW)).status_code == 403
    )
    assert _state(agency) == before


@pytest.mark.parametrize("name", ["setup_iku_rows", "setup_iku_row_new"])
def test_the_pages_cost_the_same_queries_with_more_indicators(
    agency, django_assert_num_queries, name
):
    client = _operator()
    url = reverse(name, args=[agency.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    objective = Objective.objects.get(agency=agency)
    for n in range(10):
        Indicator.objects.create(
            pemda=agency.pemda, agency=agency, objective=objective, name=f"I{n}", is_iku=n % 2 == 0
        )
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
