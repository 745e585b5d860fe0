"""The Renja row editor: one program / kegiatan / sub kegiatan of an agency's Renja of
a year added, changed or deleted on screen, read and written by the Renja import
(setup.renja_rows): the typed values kept and each problem beside its field on a
refusal, nothing written then; never a row whose figures were entered; only for who
edits the agency's plans, while the Renja is not approved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.accounts.models import User
from sakip.agreements.models import Agreement, AgreementTarget
from sakip.measurement.models import ActionPlan, ActionPlanRow, Actual, BudgetActual
from sakip.organisation.models import Employee, Position
from sakip.planning import actions as planning
from sakip.planning.models import Indicator, IndicatorTarget, ItemBudget, ProgramItem
from sakip.planning.tests.helpers import YEAR, Plan, build_plan
from sakip.setup.models import PlanApproval, SetupEvent

pytestmark = pytest.mark.django_db

SUB = "8.01.01.2.01.0001"


@pytest.fixture
def plan(paser) -> Plan:
    """Badan Uji's Renja 2024 (murni only): program 8.01.01, kegiatan 8.01.01.2.01 and
    8.01.01.2.02, three sub kegiatan with pagu; SUB with an indicator and its target."""
    built = build_plan(paser, perubahan=False)
    indicator = Indicator.objects.create(
        pemda=paser, agency=built.agency, program_item=built.items[SUB], name="Dokumen", unit="dok"
    )
    target = IndicatorTarget(indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=YEAR)
    target.set_from_text("4")
    target.save()
    return built


def _url(plan: Plan, name: str, code: str | None = None) -> str:
    args = [plan.agency.pk, YEAR] + ([plan.items[code].pk] if code else [])
    return reverse(name, args=args)


def _form(plan: Plan, parent: str | None, code: str, name: str, **extra: str) -> dict[str, str]:
    data = {
        "parent": str(plan.items[parent].pk) if parent else "",
        "code": code,
        "name": name,
        "objective": "",
        "pagu": "",
        "renstra_pagu": "",
        "indicator_lines": "3",
    }
    data.update(extra)
    return data


def _state(plan: Plan) -> list[tuple]:
    """Everything the editor may write, to assert that a refusal wrote nothing."""
    items = ProgramItem.objects.filter(renja=plan.renja)
    return [
        sorted(items.values_list("code", "name", "parent_id", "objective_id")),
        sorted(
            Indicator.objects.filter(program_item__renja=plan.renja).values_list("name", "unit")
        ),
        sorted(
            IndicatorTarget.objects.filter(indicator__program_item__renja=plan.renja).values_list(
                "indicator__name", "text", "value"
            )
        ),
        sorted(ItemBudget.objects.filter(item__renja=plan.renja).values_list("item__code", "pagu")),
        list(SetupEvent.objects.filter(agency=plan.agency).values_list("pk")),
    ]


def _indicators(plan: Plan, code: str) -> list[tuple[str, str, str | None, Decimal | None]]:
    rows = []
    for indicator in Indicator.objects.filter(
        program_item__renja=plan.renja, program_item__code=code
    ):
        target = indicator.targets.filter(kind=IndicatorTarget.Kind.RENJA, year=YEAR).first()
        rows.append(
            (
                indicator.name,
                indicator.unit,
                target.text if target else None,
                target.value if target else None,
            )
        )
    return sorted(rows)


def _pagu(plan: Plan, code: str) -> int | None:
    budget = ItemBudget.objects.filter(item__renja=plan.renja, item__code=code).first()
    return budget.pagu if budget else None


# --------------------------------------------------------------------------- adding


def test_the_operator_adds_a_sub_kegiatan_with_indicators_targets_and_pagu(plan):
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row_new"))
    assert page.status_code == 200
    assert "tambah program, kegiatan atau sub kegiatan" in page.content.decode()
    response = client.post(
        _url(plan, "setup_renja_row_new"),
        _form(
            plan,
            "8.01.01.2.01",
            "8.01.01.2.01.0003",
            "Penyusunan Dokumen Evaluasi",
            pagu="1.234.567",
            renstra_pagu="5.000.000",
            **{
                "ind-0-name": "Persentase dokumen tepat waktu",
                "ind-0-unit": "%",
                "ind-0-target": "87,5",
                "ind-1-name": "Jumlah dokumen",
                "ind-1-unit": "Dokumen",
                "ind-1-target": "3",
            },
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("renja", args=[plan.agency.pk, YEAR])
    item = ProgramItem.objects.get(renja=plan.renja, code="8.01.01.2.01.0003")
    assert item.level == "subkegiatan" and item.parent == plan.items["8.01.01.2.01"]
    assert _indicators(plan, item.code) == [
        ("Jumlah dokumen", "Dokumen", "3", Decimal("3")),
        ("Persentase dokumen tepat waktu", "%", "87,5", Decimal("87.5")),
    ]
    budget = ItemBudget.objects.get(item=item)
    assert (budget.pagu, budget.renstra_pagu, budget.revision.number) == (1_234_567, 5_000_000, 0)
    event = SetupEvent.objects.get(agency=plan.agency)
    assert event.action == SetupEvent.Action.CHANGED and event.actor == plan.operator
    assert "Baris ditambahkan di layar: 8.01.01.2.01.0003" in event.detail
    # The Renja page shows it, with the kegiatan's sum including its pagu.
    html = client.get(reverse("renja", args=[plan.agency.pk, YEAR])).content.decode()
    assert "Penyusunan Dokumen Evaluasi" in html and "Rp4.234.567" in html
    assert _url(plan, "setup_renja_row", "8.01.01.2.02") in html


def test_a_program_and_a_kegiatan_under_it_are_added_in_turn(plan):
    client = Client()
    client.force_login(plan.operator)
    assert (
        client.post(
            _url(plan, "setup_renja_row_new"),
            _form(
                plan,
                None,
                "8.01.02",
                "Program Baru",
                **{"ind-0-name": "Indeks", "ind-0-unit": "indeks", "ind-0-target": "3,25"},
            ),
        ).status_code
        == 302
    )
    program = ProgramItem.objects.get(renja=plan.renja, code="8.01.02")
    assert program.level == "program" and program.parent is None
    response = client.post(
        _url(plan, "setup_renja_row_new"),
        {**_form(plan, None, "8.01.02.2.01", "Kegiatan Baru"), "parent": str(program.pk)},
    )
    assert response.status_code == 302
    kegiatan = ProgramItem.objects.get(renja=plan.renja, code="8.01.02.2.01")
    assert kegiatan.level == "kegiatan" and kegiatan.parent == program
    assert _indicators(plan, "8.01.02") == [("Indeks", "indeks", "3,25", Decimal("3.25"))]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("parent", "code", "extra", "field", "message"),
    [
        ("8.01.01.2.01", "8.01.01.2.01.x1", {}, "code", "8.01.01.2.01.x1"),
        ("8.01.01.2.01", "8.01.01.2.02.0009", {}, "code", "tidak berada di bawah"),
        ("8.01.01.2.01", "8.01.01.2.03", {}, "code", "bukan kode sub kegiatan"),
        (None, "8.01.01.2.03", {}, "code", "bukan kode program"),
        ("8.01.01.2.01", "8.01.01.2.01.01", {}, "code", "sudah dipakai 8.01.01.2.01.0001"),
        ("8.01.01.2.01", "8.01.01.2.01.0003", {"pagu": "12,5"}, "pagu", "bilangan bulat"),
        ("8.01.01.2.01", "8.01.01.2.01.0003", {"pagu": "-5"}, "pagu", "kurang dari 0"),
        ("8.01.01.2.01", "8.01.01.2.01.0003", {"pagu": "banyak"}, "pagu", ""),
        ("8.01.01", "8.01.01.2.03", {"pagu": "1.000"}, "pagu", "jumlah sub kegiatannya"),
        ("8.01.01.2.01", "8.01.01.2.01.0003", {"name": ""}, "name", "Uraian wajib diisi"),
        (
            "8.01.01.2.01",
            "8.01.01.2.01.0003",
            {"ind-1-unit": "%", "ind-1-target": "50"},
            "ind-1",
            "Nama indikator wajib diisi",
        ),
        ("8.01.01.2.01", "8.01.01.2.01.0003", {"objective": "9.9"}, "objective", "Pilih sasaran"),
    ],
)
def test_a_bad_row_is_refused_with_its_field_marked_and_nothing_written(
    plan, parent, code, extra, field, message
):
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    data = _form(
        plan,
        parent,
        code,
        "Sub kegiatan ketikan",
        **{"ind-0-name": "Ketikan indikator", "ind-0-target": "87,5"},
    )
    data.update(extra)
    response = client.post(_url(plan, "setup_renja_row_new"), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["errors"].get(field, [])), response.context[
        "errors"
    ]
    html = response.content.decode()
    assert "Tidak ada yang disimpan" in html
    # What was typed is on the form again.
    assert f'value="{code}"' in html and 'value="Ketikan indikator"' in html
    assert 'value="87,5"' in html
    assert _state(plan) == before


def test_a_parent_from_another_renja_is_refused(plan, paser):
    other = build_plan(paser, code="lain", perubahan=False)
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    data = _form(plan, None, "8.01.01.2.01.0003", "Sub")
    data["parent"] = str(other.items["8.01.01.2.01"].pk)
    response = client.post(_url(plan, "setup_renja_row_new"), data)
    assert response.status_code == 400
    assert response.context["errors"]["parent"] == ["Pilih induk dari daftar baris Renja ini."]
    assert _state(plan) == before


# --------------------------------------------------------------------------- changing


def test_the_operator_changes_a_row_its_target_and_pagu_with_history(plan):
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row", SUB))
    html = page.content.decode()
    assert 'value="1.000.000"' in html and 'value="Dokumen"' in html and 'value="4"' in html
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _form(
            plan,
            "8.01.01.2.01",
            SUB,
            "Sub kegiatan berganti nama",
            pagu="1.500.000",
            **{"ind-0-name": "Dokumen", "ind-0-unit": "dok", "ind-0-target": "4,5"},
        ),
    )
    assert response.status_code == 302
    item = plan.items[SUB]
    item.refresh_from_db()
    assert item.name == "Sub kegiatan berganti nama"
    assert _indicators(plan, SUB) == [("Dokumen", "dok", "4,5", Decimal("4.5"))]
    assert _pagu(plan, SUB) == 1_500_000
    budget = ItemBudget.objects.get(item=item)
    assert budget.history.order_by("-history_date").first().history_user == plan.operator
    target = IndicatorTarget.objects.get(indicator__program_item=item)
    assert target.history.order_by("-history_date").first().history_user == plan.operator
    detail = SetupEvent.objects.get(agency=plan.agency).detail
    assert "Baris diubah di layar" in detail and "Rp1.000.000 → Rp1.500.000" in detail
    # Other rows are left as they were.
    assert _pagu(plan, "8.01.01.2.01.0002") == 2_000_000


def test_a_row_saved_unchanged_records_nothing(plan):
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _form(
            plan,
            "8.01.01.2.01",
            SUB,
            f"Sub kegiatan {SUB}",
            pagu="1.000.000",
            **{"ind-0-name": "Dokumen", "ind-0-unit": "dok", "ind-0-target": "4"},
        ),
    )
    assert response.status_code == 302
    assert _state(plan) == before


def test_an_indicator_with_realisasi_cannot_be_blanked_out(plan):
    indicator = Indicator.objects.get(program_item=plan.items[SUB])
    Actual.objects.create(indicator=indicator, year=YEAR, quarter=1, value=Decimal("1"))
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _form(plan, "8.01.01.2.01", SUB, "Nama baru", pagu="1.000.000"),
    )
    assert response.status_code == 400
    assert response.context["general"] == [
        "Indikator “Dokumen” dikosongkan tetapi sudah dipakai (realisasi/PK); tulis kembali."
    ]
    assert _state(plan) == before


def test_the_code_of_a_row_with_realisasi_or_rows_below_cannot_change(plan):
    BudgetActual.objects.create(item=plan.items[SUB], year=YEAR, quarter=1, amount=10)
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _form(plan, "8.01.01.2.01", "8.01.01.2.01.0009", "Sub", pagu="1.000.000"),
    )
    assert response.status_code == 400
    assert response.context["errors"]["code"] == [
        "Kode tidak dapat diganti: baris ini sudah memiliki realisasi."
    ]
    response = client.post(
        _url(plan, "setup_renja_row", "8.01.01.2.02"),
        _form(plan, "8.01.01", "8.01.01.2.05", "Kegiatan"),
    )
    assert response.status_code == 400
    assert "baris di bawahnya" in response.context["errors"]["code"][0]
    assert _state(plan) == before


def test_a_row_cannot_be_put_under_itself(plan):
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row", "8.01.01.2.01"))
    parents = [n.item.code for n in page.context["parents"]]
    assert parents == ["8.01.01", "8.01.01.2.02"]


# --------------------------------------------------------------------------- deleting


def test_the_operator_deletes_a_row_with_its_indicators_targets_and_pagu(plan):
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row_delete", SUB))
    assert page.status_code == 200
    assert "1 indikator" in page.content.decode() and "Rp1.000.000" in page.content.decode()
    response = client.post(_url(plan, "setup_renja_row_delete", SUB))
    assert response.status_code == 302
    assert not ProgramItem.objects.filter(renja=plan.renja, code=SUB).exists()
    assert not Indicator.objects.filter(program_item__renja=plan.renja, name="Dokumen").exists()
    assert _pagu(plan, SUB) is None and _pagu(plan, "8.01.01.2.01.0002") == 2_000_000
    detail = SetupEvent.objects.get(agency=plan.agency).detail
    assert detail.startswith(f"Baris dihapus di layar: {SUB}")


def test_a_row_with_rows_below_is_not_deleted(plan):
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    page = client.get(_url(plan, "setup_renja_row_delete", "8.01.01.2.01"))
    assert "tidak dapat dihapus" in page.content.decode()
    response = client.post(_url(plan, "setup_renja_row_delete", "8.01.01.2.01"))
    assert response.status_code == 400
    assert "masih memiliki 2 baris di bawahnya" in response.content.decode()
    assert _state(plan) == before


def _agreement(plan: Plan) -> Agreement:
    position = Position.objects.create(
        pemda=plan.agency.pemda, agency=plan.agency, code="kepala-uji", title="Kepala"
    )
    head = Employee.objects.create(
        pemda=plan.agency.pemda, code="kepala-uji", name="Kepala", nip="197106071997031007"
    )
    return Agreement.objects.create(
        pemda=plan.agency.pemda,
        agency=plan.agency,
        code="pk-uji",
        year=YEAR,
        position=position,
        place="Uji",
        date=datetime.date(YEAR, 1, 2),
        first_employee=head,
        first_name="Kepala",
        first_position_title="Kepala",
    )


@pytest.mark.parametrize("use", ["realisasi", "realisasi anggaran", "PK", "Rencana Aksi"])
def test_a_row_whose_figures_were_entered_is_not_deleted(plan, use):
    item = plan.items[SUB]
    indicator = Indicator.objects.get(program_item=item)
    if use == "realisasi":
        Actual.objects.create(indicator=indicator, year=YEAR, quarter=2, value=Decimal("2"))
        words = "realisasi"
    elif use == "realisasi anggaran":
        BudgetActual.objects.create(item=item, year=YEAR, quarter=1, amount=500)
        words = "realisasi"
    elif use == "PK":
        AgreementTarget.objects.create(
            agreement=_agreement(plan), order=1, indicator=indicator, indicator_text="Dokumen"
        )
        words = "baris Perjanjian Kinerja"
    else:
        # On the sub kegiatan itself, not its indicator: the link Django hides.
        ActionPlanRow.objects.create(
            plan=ActionPlan.objects.create(agency=plan.agency, year=YEAR),
            order=1,
            level="subkegiatan",
            item=item,
            name="Baris",
        )
        words = "Rencana Aksi"
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    page = client.get(_url(plan, "setup_renja_row_delete", SUB)).content.decode()
    assert "tidak dapat dihapus" in page and words in page
    response = client.post(_url(plan, "setup_renja_row_delete", SUB))
    assert response.status_code == 400
    assert (
        f"sudah memiliki {words}. Data yang sudah diisi tidak dihapus." in response.content.decode()
    )
    assert _state(plan) == before


# --------------------------------------------------------------------------- who may


def _endpoints(plan: Plan) -> list[tuple[str, dict[str, str]]]:
    return [
        (_url(plan, "setup_renja_row_new"), _form(plan, "8.01.01.2.01", "8.01.01.2.01.0003", "X")),
        (_url(plan, "setup_renja_row", SUB), _form(plan, "8.01.01.2.01", SUB, "Diubah orang lain")),
        (_url(plan, "setup_renja_row_delete", SUB), {}),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("own_operator", 200),
        ("admin_pemda", 200),
        ("own_head", 403),
        ("operator_a", 404),
        ("head_a", 404),
        ("verifikator", 403),
        ("inspektorat", 403),
        ("operator_other_pemda", 404),
        ("admin_other_pemda", 404),
        (None, 302),
    ],
)
def test_only_who_edits_the_agencys_plans_reaches_the_editor(login, plan, persona, expected):
    if persona == "own_operator":
        client = login(plan.operator.username)
    elif persona == "own_head":
        client = login(plan.head.username)
    else:
        client = login(persona)
    before = _state(plan)
    for url, data in _endpoints(plan):
        response = client.get(url)
        assert response.status_code == expected, (persona, url)
        if persona is None:
            assert response["Location"].startswith(reverse("login"))
        if expected != 200:
            assert client.post(url, data).status_code == expected, (persona, url)
    assert _state(plan) == before
    # The Renja page offers the editor to those who reach it, and only to them.
    page = client.get(reverse("renja", args=[plan.agency.pk, YEAR]))
    if page.status_code == 200:
        html = page.content.decode()
        assert (_url(plan, "setup_renja_row_new") in html) == (expected == 200)
        assert (_url(plan, "setup_renja_row_delete", SUB) in html) == (expected == 200)


def test_an_item_of_another_agency_is_not_found_through_ones_own(plan, paser):
    other = build_plan(paser, code="lain", perubahan=False)
    client = Client()
    client.force_login(plan.operator)
    for name in ("setup_renja_row", "setup_renja_row_delete"):
        url = reverse(name, args=[plan.agency.pk, YEAR, other.items[SUB].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert ProgramItem.objects.filter(pk=other.items[SUB].pk).exists()


def test_an_approved_renja_is_read_only_until_the_admin_reopens_it(login, plan):
    PlanApproval.objects.create(
        agency=plan.agency,
        plan=PlanApproval.Plan.RENJA,
        year=YEAR,
        state=PlanApproval.State.APPROVED,
    )
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    for url, data in _endpoints(plan):
        response = client.get(url)
        assert response.status_code == 403
        assert "sudah disetujui pimpinan dan hanya dapat dibaca" in response.content.decode()
        assert client.post(url, data).status_code == 403
    assert _state(plan) == before
    html = client.get(reverse("renja", args=[plan.agency.pk, YEAR])).content.decode()
    assert _url(plan, "setup_renja_row_new") not in html
    assert _url(plan, "setup_renja_row", SUB) not in html
    # The admin's reopening is the way back.
    admin = login("admin_pemda")
    step = reverse("setup_plan_step", args=[plan.agency.pk, "renja", YEAR, "buka"])
    admin.post(step, {"alasan": "Salah kode sub kegiatan"})
    assert client.get(_endpoints(plan)[0][0]).status_code == 200


def test_csrf_stays_on_for_every_write(plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan.operator)
    before = _state(plan)
    for url, data in _endpoints(plan):
        assert client.post(url, data).status_code == 403
    assert _state(plan) == before


# --------------------------------------------------------------------------- queries


def _grow(plan: Plan, count: int) -> None:
    """``count`` more sub kegiatan, each with an indicator, a target and a pagu."""
    murni = plan.renja.revisions.get(number=0)
    for n in range(3, 3 + count):
        item = planning.add_item(
            plan.renja,
            level="subkegiatan",
            code=f"8.01.01.2.02.{n:04d}",
            name=f"Sub {n}",
            parent=plan.items["8.01.01.2.02"],
        )
        planning.set_pagu(item, murni, 1000 * n)
        indicator = Indicator.objects.create(
            pemda=plan.agency.pemda, agency=plan.agency, program_item=item, name=f"I{n}", unit="u"
        )
        target = IndicatorTarget(indicator=indicator, kind=IndicatorTarget.Kind.RENJA, year=YEAR)
        target.set_from_text(str(n))
        target.save()


@pytest.mark.parametrize(
    "name", ["setup_renja_row_new", "setup_renja_row", "setup_renja_row_delete", "renja"]
)
def test_the_pages_cost_the_same_queries_with_more_rows(plan, django_assert_num_queries, name):
    client = Client()
    client.force_login(plan.operator)
    url = (
        reverse("renja", args=[plan.agency.pk, YEAR])
        if name == "renja"
        else _url(plan, name, None if name == "setup_renja_row_new" else SUB)
    )
    client.get(url)  # sessions, caches
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _grow(plan, 12)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_program_under_a_bidang_row_keeps_it_when_changed(plan):
    bidang = planning.add_item(plan.renja, level="bidang", code="8.01", name="Bidang")
    program = plan.items["8.01.01"]
    program.parent = bidang
    program.save(update_fields=["parent"])
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row", "8.01.01"))
    assert page.context["typed"].parent == ""
    response = client.post(
        _url(plan, "setup_renja_row", "8.01.01"), _form(plan, None, "8.01.01", "Program Baru")
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "Program Baru" and program.parent == bidang
    # The bidang row heads the sheet; it is neither offered as a parent nor edited here.
    assert (
        client.get(reverse("setup_renja_row", args=[plan.agency.pk, YEAR, bidang.pk])).status_code
        == 404
    )


def _line(plan: Plan, **typed: str) -> dict[str, str]:
    """SUB's form as stored (its one indicator on line 0), with ``typed`` over it."""
    indicator = Indicator.objects.get(program_item=plan.items[SUB])
    data = _form(
        plan,
        "8.01.01.2.01",
        SUB,
        f"Sub kegiatan {SUB}",
        pagu="1.000.000",
        **{"ind-0-id": str(indicator.pk), "ind-0-name": "Dokumen", "ind-0-unit": "dok"},
        **{"ind-0-target": "4"},
    )
    data.update(typed)
    return data


def test_an_indicator_renamed_on_its_line_keeps_its_target_and_realisasi(plan):
    indicator = Indicator.objects.get(program_item=plan.items[SUB])
    Actual.objects.create(indicator=indicator, year=YEAR, quarter=1, value=Decimal("1"))
    client = Client()
    client.force_login(plan.operator)
    page = client.get(_url(plan, "setup_renja_row", SUB)).content.decode()
    assert f'name="ind-0-id" value="{indicator.pk}"' in page
    response = client.post(
        _url(plan, "setup_renja_row", SUB), _line(plan, **{"ind-0-name": "Dokumen perencanaan"})
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Dokumen perencanaan"
    assert indicator.actuals.count() == 1 and indicator.targets.get(year=YEAR).text == "4"
    assert indicator.history.order_by("-history_date").first().history_user == plan.operator
    detail = SetupEvent.objects.get(agency=plan.agency).detail
    assert "Indikator: Dokumen → Dokumen perencanaan" in detail


def test_a_rename_is_undone_when_the_row_is_refused(plan):
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _line(plan, **{"ind-0-name": "Nama baru", "pagu": "1.000.000,50"}),
    )
    assert response.status_code == 400 and "pagu" in response.context["errors"]
    assert 'value="Nama baru"' in response.content.decode()
    assert _state(plan) == before


def test_the_same_indicator_twice_on_a_row_is_refused(plan):
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    response = client.post(
        _url(plan, "setup_renja_row", SUB),
        _line(plan, **{"ind-1-name": "dokumen", "ind-1-unit": "dok"}),
    )
    assert response.status_code == 400
    assert response.context["errors"]["ind-1"] == [
        "Indikator yang sama sudah ditulis untuk baris ini."
    ]
    assert _state(plan) == before


def test_the_admins_year_lock_makes_the_editor_refuse(plan):
    from sakip.setup import approval

    admin = User.objects.get(username="admin.paser")
    approval.lock_year(admin, plan.agency.pemda, YEAR, "APBD 2024 ditetapkan")
    client = Client()
    client.force_login(plan.operator)
    before = _state(plan)
    for url, data in _endpoints(plan):
        assert client.post(url, data).status_code == 403
    assert _state(plan)[:4] == before[:4]  # the lock's own event aside
