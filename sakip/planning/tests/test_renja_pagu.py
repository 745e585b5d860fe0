"""The pagu of a Renja perubahan, line by line on one form: every sub kegiatan of the
latest version beside its murni pagu and the difference; a kegiatan's and a program's
figures are the sums of their sub kegiatan (rules.rollup), never typed. Saved all or
nothing, with history and an event; typed values survive an error; only those who edit
the agency's plans reach it, while its Renja is not approved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.planning import actions
from sakip.planning.models import ItemBudget
from sakip.planning.tests.helpers import SUBS, YEAR, Plan, build_plan
from sakip.setup import approval
from sakip.setup.models import PlanApproval, SetupEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(paser) -> Plan:
    return build_plan(paser)


def _form(plan: Plan, **typed: str) -> dict[str, str]:
    """The form as the page fills it, with ``typed`` (code → text) over it."""
    data = {"revision": str(plan.perubahan.pk)}
    for sub, pagu in SUBS.items():
        data[f"pagu-{plan.items[sub].pk}"] = typed.get(sub, f"{pagu:,}".replace(",", "."))
    return data


def _as(client_of, plan: Plan, persona: str):
    if persona == "own_operator":
        return client_of(plan.operator.username)
    if persona == "own_head":
        return client_of(plan.head.username)
    return client_of(persona)


# --------------------------------------------------------------------------- the page


def test_the_form_lists_every_sub_kegiatan_with_murni_pagu_and_parents_as_sums(login, plan):
    page = login(plan.operator.username).get(plan.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ubah pagu Renja perubahan ke-1 (berlaku 1 Oktober 2024)" in html
    for sub in SUBS:
        assert f'name="pagu-{plan.items[sub].pk}"' in html
    for parent in ("8.01.01", "8.01.01.2.01", "8.01.01.2.02"):
        assert f'name="pagu-{plan.items[parent].pk}"' not in html  # sums are not typed
    assert 'value="1.000.000"' in html
    assert "Rp3.000.000" in html  # kegiatan 8.01.01.2.01 = 1.000.000 + 2.000.000
    assert "Rp3.500.000" in html  # the program and the total


def test_a_saved_perubahan_changes_only_the_latest_version_with_history_and_an_event(login, plan):
    client = login(plan.operator.username)
    response = client.post(
        plan.url, _form(plan, **{"8.01.01.2.01.0002": "2.750.000", "8.01.01.2.02.0001": "0"})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("renja", args=[plan.agency.pk, YEAR])
    assert plan.pagu("8.01.01.2.01.0002") == 2_750_000
    assert plan.pagu("8.01.01.2.02.0001") == 0
    assert plan.pagu("8.01.01.2.01.0001") == 1_000_000
    assert plan.pagu("8.01.01.2.01.0002", plan.murni) == 2_000_000  # murni kept
    budget = ItemBudget.objects.get(item=plan.items["8.01.01.2.01.0002"], revision=plan.perubahan)
    last = budget.history.order_by("-history_date").first()
    assert last.pagu == 2_750_000 and last.history_user == plan.operator
    event = SetupEvent.objects.get(agency=plan.agency, action=SetupEvent.Action.CHANGED)
    assert "2 sub kegiatan diubah" in event.detail and event.actor == plan.operator
    # The Renja page sums the new pagu up the tree, and the editor shows the difference.
    renja_page = client.get(response["Location"]).content.decode()
    assert "Rp3.750.000" in renja_page and '<td class="num">Rp0</td>' in renja_page
    editor = client.get(plan.url).content.decode()
    assert "Rp750.000" in editor and "-Rp500.000" in editor and "Rp250.000" in editor


def test_bad_rows_are_named_in_indonesian_keep_what_was_typed_and_save_nothing(login, plan):
    client = login(plan.operator.username)
    response = client.post(
        plan.url,
        _form(
            plan,
            **{
                "8.01.01.2.01.0001": "1.250.000",  # fine, but not saved with the others
                "8.01.01.2.01.0002": "dua juta",
                "8.01.01.2.02.0001": "-5",
            },
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tidak ada yang disimpan." in html
    assert "bukan jumlah rupiah yang sah" in html and "Pagu tidak boleh negatif." in html
    assert 'value="dua juta"' in html and 'value="-5"' in html and 'value="1.250.000"' in html
    assert html.count("is-invalid") == 2
    assert [plan.pagu(sub) for sub in SUBS] == list(SUBS.values())
    assert not SetupEvent.objects.filter(agency=plan.agency).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Pagu belum diisi"), ("1.000,50", "rupiah bulat")],
)
def test_an_emptied_or_fractional_pagu_is_refused(login, plan, typed, message):
    response = login(plan.operator.username).post(
        plan.url, _form(plan, **{"8.01.01.2.02.0001": typed})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert plan.pagu("8.01.01.2.02.0001") == 500_000


def test_a_form_of_an_older_version_is_refused_and_kept(login, plan):
    client = login(plan.operator.username)
    data = _form(plan, **{"8.01.01.2.02.0001": "600.000"})
    actions.revise(plan.renja, datetime.date(YEAR, 11, 1), "Perubahan kedua")
    response = client.post(plan.url, data)
    assert response.status_code == 400
    assert "Versi Renja sudah berubah" in response.content.decode()
    assert 'value="600.000"' in response.content.decode()
    assert ItemBudget.objects.filter(pagu=600_000).count() == 0


def test_the_action_refuses_a_parent_a_row_of_another_renja_and_an_old_version(paser, plan):
    with pytest.raises(ValidationError, match="jumlah sub kegiatannya"):
        actions.set_revision_pagu(plan.perubahan, {plan.items["8.01.01.2.01"].pk: 5})
    other = build_plan(paser, "lain")
    with pytest.raises(ValidationError, match="bukan milik"):
        actions.set_revision_pagu(plan.perubahan, {other.items["8.01.01.2.02.0001"].pk: 5})
    actions.revise(plan.renja, datetime.date(YEAR, 11, 1), "Perubahan kedua")
    with pytest.raises(ValidationError, match="bukan versi terakhir"):
        actions.set_revision_pagu(plan.perubahan, {plan.items["8.01.01.2.02.0001"].pk: 5})
    assert plan.pagu("8.01.01.2.02.0001") == 500_000


# --------------------------------------------------------------------------- who and when


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("own_operator", 200),
        ("admin_pemda", 200),
        ("own_head", 403),  # the agency's pimpinan approves, does not edit
        ("operator_a", 404),  # the operator of another OPD of the Pemda
        ("head_a", 404),
        ("verifikator", 403),
        ("inspektorat", 403),
        ("operator_other_pemda", 404),
        ("admin_other_pemda", 404),
    ],
)
def test_only_those_who_edit_the_agencys_plans_reach_the_form(login, plan, persona, expected):
    client = _as(login, plan, persona)
    assert client.get(plan.url).status_code == expected
    response = client.post(plan.url, _form(plan, **{"8.01.01.2.02.0001": "9"}))
    assert response.status_code == (302 if expected == 200 else expected)
    assert plan.pagu("8.01.01.2.02.0001") == (9 if expected == 200 else 500_000)


def test_an_anonymous_visitor_is_sent_to_log_in(login, plan):
    for response in (login(None).get(plan.url), login(None).post(plan.url, _form(plan))):
        assert response.status_code in (302, 401)
        if response.status_code == 302:
            assert "/masuk/" in response["Location"] or "login" in response["Location"]
    assert plan.pagu("8.01.01.2.02.0001") == 500_000


def test_an_approved_renja_is_read_only_until_reopened(login, plan):
    PlanApproval.objects.create(
        agency=plan.agency, plan=approval.Plan.RENJA, year=YEAR, state=approval.State.APPROVED
    )
    client = login(plan.operator.username)
    assert client.get(plan.url).status_code == 403
    assert client.post(plan.url, _form(plan, **{"8.01.01.2.02.0001": "9"})).status_code == 403
    assert plan.pagu("8.01.01.2.02.0001") == 500_000
    renja_page = client.get(reverse("renja", args=[plan.agency.pk, YEAR])).content.decode()
    assert "Ubah pagu per sub kegiatan" not in renja_page


def test_the_renja_page_offers_the_form_only_to_editors_of_a_perubahan(login, paser, plan):
    renja_url = reverse("renja", args=[plan.agency.pk, YEAR])
    assert (
        "Ubah pagu per sub kegiatan"
        in login(plan.operator.username).get(renja_url).content.decode()
    )
    assert "Ubah pagu per sub kegiatan" in login("admin_pemda").get(renja_url).content.decode()
    for reader in ("head_a", "verifikator", "inspektorat"):
        assert "Ubah pagu per sub kegiatan" not in login(reader).get(renja_url).content.decode()
    only_murni = build_plan(paser, "murni", perubahan=False)
    client = login(only_murni.operator.username)
    page = client.get(reverse("renja", args=[only_murni.agency.pk, YEAR])).content.decode()
    assert "Ubah pagu per sub kegiatan" not in page
    assert client.get(only_murni.url).status_code == 404


def test_the_form_costs_the_same_queries_with_more_rows(login, plan, django_assert_num_queries):
    client = login(plan.operator.username)
    client.get(plan.url)  # warm the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(plan.url).status_code == 200
    kegiatan = plan.items["8.01.01.2.02"]
    for n in range(2, 27):
        sub = actions.add_item(
            plan.renja,
            level="subkegiatan",
            code=f"8.01.01.2.02.{n:04d}",
            name=f"Tambahan {n}",
            parent=kegiatan,
        )
        actions.set_pagu(sub, plan.murni, 1_000)
        actions.set_pagu(sub, plan.perubahan, 2_000)
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(plan.url)
    assert page.status_code == 200
    assert page.content.decode().count('inputmode="numeric"') == len(SUBS) + 25
