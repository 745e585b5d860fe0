"""Renstra rows added, changed and deleted one by one on screen (plans.save_row and
plans.delete_row read the stored Renstra as its sheet with the typed row in, or
without the deleted one, through the Excel import's reader and writer): each problem
at its field with the typed values kept, nothing written on a problem; used
indicators and tujuan/sasaran with rows below never deleted; only for who edits the
agency's plans, while the Renstra is not approved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import Role, User
from sakip.measurement.models import Actual
from sakip.organisation.models import Agency
from sakip.planning.models import Goal, Indicator, IndicatorTarget, Objective, Renstra
from sakip.setup.models import PlanApproval, SetupEvent
from sakip.setup.tests.helpers import five_year_columns, row_form, shown, stamp_on

pytestmark = pytest.mark.django_db

#: The sheet's columns for a Renstra 2025–2029, in order (c0 … c13).
COLUMNS = five_year_columns("No. tujuan", "No. sasaran")


@pytest.fixture
def renstra(paser) -> Renstra:
    """Badan Uji's Renstra 2025–2029: tujuan 1, sasaran 1.1 with one indicator and its
    yearly targets; an operator and a pimpinan of the agency."""
    agency = Agency.objects.create(pemda=paser, code="uji", name="Badan Uji")
    for role in (Role.OPERATOR, Role.PIMPINAN):
        User.objects.create_user(f"{role}.uji", role=role, pemda=paser, agency=agency)
    plan = Renstra.objects.create(agency=agency, start_year=2025, end_year=2029)
    goal = Goal.objects.create(renstra=plan, number=1, name="Meningkatnya akuntabilitas")
    objective = Objective.objects.create(
        agency=agency, goal=goal, number=1, name="Meningkatnya kualitas perencanaan"
    )
    indicator = Indicator.objects.create(
        pemda=paser, agency=agency, objective=objective, name="Nilai SAKIP", unit="nilai", order=1
    )
    for year in plan.years:
        target = IndicatorTarget(indicator=indicator, kind=IndicatorTarget.Kind.RENSTRA, year=year)
        target.set_from_text(str(60 + year - 2025))
        target.save()
    return plan


def _operator(renstra: Renstra) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="operator.uji"))
    return client


def _url(renstra: Renstra, name: str, *extra: int) -> str:
    return reverse(name, args=[renstra.agency.pk, renstra.pk, *extra])


def _row_of(client: Client, renstra: Renstra, indicator: str) -> int:
    """The sheet row (1-based) of ``indicator``, as the rows page lists them."""
    rows = client.get(_url(renstra, "setup_renstra_rows")).context["rows"]
    return next(n for n, r in enumerate(rows, start=1) if r[3] == indicator)


def _row(**cells: object) -> dict[str, str]:
    return row_form(COLUMNS, **cells)


def _state(renstra: Renstra) -> list:
    return [
        sorted(Goal.objects.filter(renstra=renstra).values_list("number", "name")),
        sorted(Objective.objects.filter(goal__renstra=renstra).values_list("number", "name")),
        sorted(
            Indicator.objects.filter(objective__goal__renstra=renstra).values_list("name", "unit")
        )
        + sorted(Indicator.objects.filter(goal__renstra=renstra).values_list("name", "unit")),
        sorted(
            IndicatorTarget.objects.filter(indicator__agency=renstra.agency).values_list(
                "indicator__name", "year", "text"
            )
        ),
        list(SetupEvent.objects.filter(agency=renstra.agency).values_list("pk")),
    ]


SASARAN = {
    "No. tujuan": 1,
    "No. sasaran": 2,
    "Uraian": "Meningkatnya kualitas pengukuran",
    "Indikator": "Persentase capaian",
    "Satuan": "%",
    "Target 2025": "87,5",
    "Target 2029": "95",
}


def test_the_operator_adds_a_sasaran_with_its_indicator_and_changes_a_target(renstra):
    client = _operator(renstra)
    listing = client.get(_url(renstra, "setup_renstra_rows"))
    assert listing.status_code == 200 and "Nilai SAKIP" in listing.content.decode()
    response = client.post(_url(renstra, "setup_renstra_row_new"), _row(**SASARAN))
    assert response.status_code == 302
    assert response["Location"] == _url(renstra, "setup_renstra_rows")
    objective = Objective.objects.get(goal__renstra=renstra, number=2)
    assert objective.name == "Meningkatnya kualitas pengukuran"
    indicator = Indicator.objects.get(objective=objective)
    target = indicator.targets.get(year=2025)
    assert (target.text, target.value) == ("87,5", Decimal("87.5"))
    # The stored indicator's row (after tujuan 1's own row): its target of 2027 changed.
    row = _row_of(client, renstra, "Nilai SAKIP")
    page = client.get(_url(renstra, "setup_renstra_row", row)).content.decode()
    assert ">Nilai SAKIP</textarea>" in page and 'value="62"' in page
    cells = {
        "No. tujuan": 1,
        "No. sasaran": 1,
        "Uraian": "Meningkatnya kualitas perencanaan",
        "Indikator": "Nilai SAKIP",
        "Satuan": "nilai",
        **{f"Target {y}": 60 + y - 2025 for y in range(2025, 2030)},
        "Target 2027": "70,25",
    }
    url = _url(renstra, "setup_renstra_row", row)
    assert client.post(url, {**_row(**cells), **shown(client, url)}).status_code == 302
    sakip = Indicator.objects.get(name="Nilai SAKIP").targets.get(year=2027)
    assert sakip.value == Decimal("70.25")
    assert sakip.history.order_by("-history_date").first().history_user.username == "operator.uji"
    events = SetupEvent.objects.filter(agency=renstra.agency, subject_type="Renstra")
    assert events.count() == 2 and all("di layar" in e.detail for e in events)


def test_a_bad_row_is_refused_at_its_field_with_what_was_typed(renstra):
    client = _operator(renstra)
    before = _state(renstra)
    response = client.post(
        _url(renstra, "setup_renstra_row_new"),
        _row(**{**SASARAN, "No. tujuan": 7, "No. sasaran": "x"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tidak ada yang disimpan" in html and 'value="87,5"' in html
    assert _state(renstra) == before
    response = client.post(
        _url(renstra, "setup_renstra_row_new"), _row(**{**SASARAN, "No. tujuan": 7})
    )
    assert response.status_code == 400
    assert "Tujuan 7 belum ada di Renstra ini" in response.content.decode()
    assert _state(renstra) == before


def test_an_unused_indicator_row_is_deleted_with_its_targets(renstra):
    client = _operator(renstra)
    assert client.post(_url(renstra, "setup_renstra_row_new"), _row(**SASARAN)).status_code == 302
    row = _row_of(client, renstra, "Persentase capaian")
    assert client.get(_url(renstra, "setup_renstra_row_delete", row)).status_code == 200
    url = _url(renstra, "setup_renstra_row_delete", row)
    response = client.post(url, shown(client, url))
    assert response.status_code == 302
    assert not Indicator.objects.filter(name="Persentase capaian").exists()
    # The sasaran went with its last row; tujuan 1 and sasaran 1.1 stay.
    assert list(
        Objective.objects.filter(goal__renstra=renstra).values_list("number", flat=True)
    ) == [1]
    assert SetupEvent.objects.filter(
        agency=renstra.agency, detail__contains="dihapus di layar"
    ).exists()


def test_a_used_indicator_and_a_tujuan_with_rows_below_are_not_deleted(renstra):
    indicator = Indicator.objects.get(name="Nilai SAKIP")
    Actual.objects.create(indicator=indicator, year=2025, quarter=1, value=Decimal("61"))
    client = _operator(renstra)
    before = _state(renstra)
    url = _url(renstra, "setup_renstra_row_delete", _row_of(client, renstra, "Nilai SAKIP"))
    response = client.post(url, shown(client, url))
    assert response.status_code == 400
    assert (
        "“Nilai SAKIP” (Sasaran 1.1) tidak dapat dihapus: sudah dipakai"
        in response.content.decode()
    )
    assert _state(renstra) == before
    # A row naming tujuan 1 alone, then deleting it while sasaran 1.1 remains.
    assert (
        client.post(
            _url(renstra, "setup_renstra_row_new"),
            _row(**{"No. tujuan": 1, "Uraian": "Meningkatnya akuntabilitas"}),
        ).status_code
        == 302
    )
    rows = client.get(_url(renstra, "setup_renstra_rows")).context["rows"]
    row = next(n for n, r in enumerate(rows, start=1) if r[1] is None)
    before = _state(renstra)
    url = _url(renstra, "setup_renstra_row_delete", row)
    response = client.post(url, shown(client, url))
    assert response.status_code == 400
    assert "Tujuan 1 masih memiliki baris di bawahnya" in response.content.decode()
    assert _state(renstra) == before


NILAI_SAKIP = {
    "No. tujuan": 1,
    "No. sasaran": 1,
    "Uraian": "Meningkatnya kualitas perencanaan",
    "Indikator": "Nilai SAKIP",
    "Satuan": "nilai",
    **{f"Target {y}": 60 + y - 2025 for y in range(2025, 2030)},
}


def test_a_row_changed_since_its_screen_was_opened_is_not_overwritten(renstra):
    mine, theirs = _operator(renstra), _operator(renstra)
    url = _url(renstra, "setup_renstra_row", _row_of(mine, renstra, "Nilai SAKIP"))
    seen = shown(mine, url)
    # Someone else saves the same row first.
    theirs_typed = _row(**{**NILAI_SAKIP, "Target 2027": "65"})
    assert theirs.post(url, {**theirs_typed, **shown(theirs, url)}).status_code == 302
    before = _state(renstra)
    response = mine.post(url, {**_row(**{**NILAI_SAKIP, "Target 2027": "70,5"}), **seen})
    assert response.status_code == 409
    html = " ".join(response.content.decode().split())
    assert "Tidak ada yang disimpan" in html and "sudah berubah sejak halaman ini dibuka" in html
    assert 'value="70,5"' in html  # what was typed is still there to copy
    assert _state(renstra) == before
    assert Indicator.objects.get(name="Nilai SAKIP").targets.get(year=2027).text == "65"


def test_a_delete_whose_row_number_now_means_another_row_deletes_nothing(renstra):
    mine, theirs = _operator(renstra), _operator(renstra)
    assert mine.post(_url(renstra, "setup_renstra_row_new"), _row(**SASARAN)).status_code == 302
    row = _row_of(mine, renstra, "Nilai SAKIP")
    url = _url(renstra, "setup_renstra_row_delete", row)
    seen = shown(mine, url)
    # Meanwhile someone else deletes that row: the next one ("Persentase capaian")
    # now has its number.
    assert theirs.post(url, shown(theirs, url)).status_code == 302
    assert _row_of(mine, renstra, "Persentase capaian") == row
    before = _state(renstra)
    response = mine.post(url, seen)
    assert response.status_code == 409
    html = " ".join(response.content.decode().split())
    assert "Tidak ada yang dihapus." in html and "sudah berubah sejak halaman ini dibuka" in html
    assert "Persentase capaian" in html  # the row as it is now
    assert _state(renstra) == before
    # Deleting it after seeing what the row now is: the page's own stamp.
    current = stamp_on(html)
    assert current and current != seen["stamp"]
    assert mine.post(url, {"stamp": current}).status_code == 302
    assert not Indicator.objects.filter(name="Persentase capaian").exists()


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
def test_only_who_edits_the_agencys_plans_reaches_the_rows(login, renstra, persona, expected):
    client = login(persona)
    before = _state(renstra)
    for url, data in (
        (_url(renstra, "setup_renstra_rows"), None),
        (_url(renstra, "setup_renstra_row_new"), _row(**SASARAN)),
        (_url(renstra, "setup_renstra_row", 1), _row(**SASARAN)),
        (_url(renstra, "setup_renstra_row_delete", 1), {}),
    ):
        assert client.get(url).status_code == expected, (persona, url)
        if data is not None and expected != 200:
            assert client.post(url, data).status_code == expected, (persona, url)
    assert _state(renstra) == before
    page = client.get(reverse("renstra", args=[renstra.agency.pk]))
    if page.status_code == 200:
        offered = _url(renstra, "setup_renstra_rows") in page.content.decode()
        assert offered == (expected == 200)


def test_an_approved_renstra_is_read_only_and_csrf_is_on(renstra):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="operator.uji"))
    before = _state(renstra)
    assert strict.post(_url(renstra, "setup_renstra_row_new"), _row(**SASARAN)).status_code == 403
    assert strict.post(_url(renstra, "setup_renstra_row_delete", 1)).status_code == 403
    PlanApproval.objects.create(
        agency=renstra.agency,
        plan=PlanApproval.Plan.RENSTRA,
        year=renstra.start_year,
        state=PlanApproval.State.APPROVED,
    )
    client = _operator(renstra)
    response = client.get(_url(renstra, "setup_renstra_rows"))
    assert response.status_code == 403 and "hanya dapat dibaca" in response.content.decode()
    assert client.post(_url(renstra, "setup_renstra_row_new"), _row(**SASARAN)).status_code == 403
    assert client.post(_url(renstra, "setup_renstra_row_delete", 1)).status_code == 403
    assert _state(renstra) == before
    page = client.get(reverse("renstra", args=[renstra.agency.pk])).content.decode()
    assert _url(renstra, "setup_renstra_rows") not in page


def test_a_row_that_does_not_exist_is_not_found(renstra):
    client = _operator(renstra)
    for name in ("setup_renstra_row", "setup_renstra_row_delete"):
        assert client.get(_url(renstra, name, 99)).status_code == 404


@pytest.mark.parametrize("name", ["setup_renstra_rows", "setup_renstra_row"])
def test_the_pages_cost_the_same_queries_with_more_rows(renstra, django_assert_num_queries, name):
    client = _operator(renstra)
    url = _url(renstra, name, *([1] if name == "setup_renstra_row" else []))
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    goal = Goal.objects.get(renstra=renstra)
    for n in range(2, 12):
        objective = Objective.objects.create(
            agency=renstra.agency, goal=goal, number=n, name=f"S{n}"
        )
        indicator = Indicator.objects.create(
            pemda=renstra.agency.pemda,
            agency=renstra.agency,
            objective=objective,
            name=f"I{n}",
            order=n,
        )
        IndicatorTarget.objects.create(
            indicator=indicator, kind=IndicatorTarget.Kind.RENSTRA, year=2025, text="1", value=1
        )
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
