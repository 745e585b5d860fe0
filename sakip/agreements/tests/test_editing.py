"""PK editing: drafts per position and year, their rows from the planning data, signing
(with the parties frozen), revisions, the event log and the signing deadline."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.agreements import actions
from sakip.agreements.models import Agreement, AgreementEvent, BudgetApproval
from sakip.agreements.tests.conftest import NEXT_YEAR
from sakip.organisation.models import Employee, Position
from sakip.planning.models import Indicator, ItemBudget, ProgramItem

pytestmark = pytest.mark.django_db


def _admin() -> User:
    return User.objects.get(username="admin.paser")


def _operator() -> User:
    return User.objects.get(username="operator.kesbangpol")


def _position(code: str) -> Position:
    return Position.objects.get(code=code, pemda__code="paser")


def _item_indicator(agency, code: str, year: int = NEXT_YEAR) -> Indicator:
    return Indicator.objects.get(
        program_item__renja__agency=agency, program_item__renja__year=year, program_item__code=code
    )


def _item(agency, code: str, year: int = NEXT_YEAR) -> ProgramItem:
    return ProgramItem.objects.get(renja__agency=agency, renja__year=year, code=code)


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post(
    client, agreement, *, targets=(), budget=(), place="Tana Paser", date="2025-01-06", **extra
):
    data = {
        "place": place,
        "date": date,
        **_management("t", len(targets)),
        **_management("b", len(budget)),
    }
    for i, row in enumerate(targets):
        for key, value in row.items():
            data[f"t-{i}-{key}"] = value
    for i, row in enumerate(budget):
        for key, value in row.items():
            data[f"b-{i}-{key}"] = value
    data.update(extra)
    return client.post(reverse("agreement_edit", args=[agreement.pk]), data)


# --------------------------------------------------------------------------- create


def test_a_draft_takes_the_holder_as_first_party_and_the_superior_holder_as_second(
    login, next_year
):
    response = login("operator_a").post(
        reverse("agreement_create"), {"position": _position("kasubag_umum").pk, "year": next_year}
    )
    draft = Agreement.objects.get(position__code="kasubag_umum", year=next_year)
    assert response.status_code == 302 and response["Location"] == reverse(
        "agreement_edit", args=[draft.pk]
    )
    assert draft.state == Agreement.State.DRAFT and draft.version == 1
    assert draft.first_name == "HANIK YANUATI, SP"
    assert draft.first_position_title == (
        "Kepala Subbagian Umum dan Kepegawaian pada Badan Kesatuan Bangsa dan Politik Kabupaten Paser"
    )
    assert draft.first_pangkat == "Penata Tingkat I / III/d"
    assert draft.second_name == "Hj. HATIMAH, S.Sos, M.Si"
    assert draft.place == "Tana Paser" and draft.budget_level == "subkegiatan"
    event = AgreementEvent.objects.get(agreement=draft)
    assert (event.action, event.actor.username) == ("created", "operator.kesbangpol")


def test_the_head_of_agency_signs_with_the_bupati_and_the_bupati_alone(next_year):
    kepala = actions.create_draft(_operator(), _position("kaban"), next_year)
    assert kepala.second_name == "dr. FAHMI FADLI"
    assert kepala.second_position_title == "Bupati Paser"
    assert kepala.budget_level == "program"
    bupati = actions.create_draft(_admin(), _position("bupati"), next_year)
    assert bupati.agency is None and not bupati.has_second_party


def test_only_the_pemda_admin_drafts_the_bupati_pk(next_year):
    with pytest.raises(PermissionDenied):
        actions.create_draft(_operator(), _position("bupati"), next_year)


def test_a_second_pk_for_the_same_position_and_year_must_be_asked_for(login, next_year):
    client = login("operator_a")
    data = {"position": _position("jf_politik").pk, "year": next_year}
    client.post(reverse("agreement_create"), data)
    response = client.post(reverse("agreement_create"), data)
    assert response.status_code == 200
    assert "sudah memiliki PK tahun 2025" in response.content.decode()
    assert Agreement.objects.filter(position__code="jf_politik", year=next_year).count() == 1
    client.post(reverse("agreement_create"), {**data, "additional": "on"})
    codes = sorted(
        Agreement.objects.filter(position__code="jf_politik", year=next_year).values_list(
            "code", flat=True
        )
    )
    assert codes == ["pk-jf_politik-2025", "pk-jf_politik-2025-2"]


def test_a_position_without_a_holder_that_year_cannot_get_a_draft(login):
    response = login("operator_a").post(
        reverse("agreement_create"), {"position": _position("kasubag_umum").pk, "year": 2026}
    )
    assert response.status_code == 200
    assert "belum memiliki pemangku tahun 2026" in response.content.decode()
    assert not Agreement.objects.filter(year=2026).exists()


# --------------------------------------------------------------------------- edit


def test_rows_take_their_texts_target_link_and_pagu_from_the_planning_data(
    login, kesbangpol, next_year
):
    sekretaris = actions.create_draft(_operator(), _position("sekretaris"), next_year)
    client = login("operator_a")
    response = _post(
        client,
        sekretaris,
        targets=[{"indicator": _item_indicator(kesbangpol, "8.01.01.2.06").pk}],
        budget=[{"item": _item(kesbangpol, "8.01.01.2.06").pk}],
    )
    assert response.status_code == 302
    (row,) = sekretaris.targets.all()
    assert row.indicator_text == _item_indicator(kesbangpol, "8.01.01.2.06").name
    assert row.objective_text == _item(kesbangpol, "8.01.01.2.06").name
    (budget,) = sekretaris.budget_rows.all()
    # The kegiatan's pagu is the sum of its sub kegiatan's pagu (Lampiran III 2023 figures).
    expected = sum(
        ItemBudget.objects.filter(
            revision__renja__year=next_year,
            item__agency=kesbangpol,
            item__code__startswith="8.01.01.2.06.",
        ).values_list("pagu", flat=True)
    )
    assert budget.amount == expected
    assert budget.amount > 0 and budget.code == "8.01.01.2.06"
    assert sekretaris.refresh_from_db() is None and sekretaris.budget_level == "kegiatan"

    kasubag = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(
        client,
        kasubag,
        targets=[
            {
                "indicator": _item_indicator(kesbangpol, "8.01.01.2.06.02").pk,
                "target_text": "2 Paket",
            }
        ],
        budget=[
            {
                "item": _item(kesbangpol, "8.01.01.2.06.02").pk,
                "amount": "122.952.700",
                "source": "APBD",
            }
        ],
    )
    assert response.status_code == 302
    (kasubag_row,) = kasubag.targets.all()
    assert kasubag_row.serves == row  # the suggestion: the Sekretaris's row of the kegiatan above
    assert kasubag_row.target_text == "2 Paket"
    assert kasubag.budget_rows.get().amount == 122_952_700


def test_the_kepala_row_target_defaults_to_the_renstra_target_of_the_year(login, next_year):
    kepala = actions.create_draft(_operator(), _position("kaban"), next_year)
    sakip = Indicator.objects.get(code="sakip")
    _post(login("operator_a"), kepala, targets=[{"indicator": sakip.pk}])
    row = kepala.targets.get()
    assert row.target_text == sakip.targets.get(kind="renstra", year=next_year).text
    assert row.target_text


def test_bad_input_gets_an_indonesian_error_and_the_typed_work_survives(
    login, kesbangpol, next_year
):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(
        login("operator_a"),
        draft,
        targets=[
            {
                "indicator_text": "Jumlah paket mebel yang disediakan (ketikan saya)",
                "target_text": "2 Unit",
            }
        ],
        budget=[{"item": _item(kesbangpol, "8.01.01.2.07.05").pk, "amount": "19.713.900,50"}],
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tulis anggaran dalam rupiah penuh, tanpa sen" in page
    assert "Jumlah paket mebel yang disediakan (ketikan saya)" in page
    assert "19.713.900,50" in page
    assert not draft.targets.exists() and not draft.budget_rows.exists()


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (
            [{"item": "8.01.01.2.07.05"}, {"item": "8.01.01.2.07.05", "amount": "1"}],
            "sudah tercantum di baris lain",
        ),
        (
            [{"item": "8.01.01.2.07.05"}, {"item": "8.01.01.2.07"}],
            "Baris anggaran harus setingkat",
        ),
        ([{"name": "Sub kegiatan baru tanpa pagu"}], "belum tercatat; isi anggarannya"),
    ],
)
def test_the_budget_rows_are_checked_together_before_anything_is_written(
    login, kesbangpol, next_year, budget, message
):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    rows = [
        {**row, **({"item": _item(kesbangpol, row["item"]).pk} if "item" in row else {})}
        for row in budget
    ]
    response = _post(login("operator_a"), draft, budget=rows)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not draft.budget_rows.exists()


def test_a_date_outside_the_pk_year_is_refused(login, next_year):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = _post(login("operator_a"), draft, date="2023-01-06")
    assert response.status_code == 400
    assert "tidak sesuai dengan tahun PK 2025" in response.content.decode()


def test_saving_again_keeps_the_rows_that_subordinate_pks_link_to(login, kesbangpol, next_year):
    client = login("operator_a")
    sekretaris = actions.create_draft(_operator(), _position("sekretaris"), next_year)
    _post(
        client, sekretaris, targets=[{"indicator": _item_indicator(kesbangpol, "8.01.01.2.06").pk}]
    )
    row = sekretaris.targets.get()
    kasubag = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    _post(
        client, kasubag, targets=[{"indicator": _item_indicator(kesbangpol, "8.01.01.2.06.02").pk}]
    )
    _post(
        client,
        sekretaris,
        targets=[{"id": row.pk, "indicator": row.indicator_id, "target_text": "100 %"}],
        **_management("t", 1, initial=1),
    )
    assert sekretaris.targets.get().pk == row.pk
    assert kasubag.targets.get().serves_id == row.pk


# --------------------------------------------------------------------------- sign


def _signed_kasubag(next_year: int) -> Agreement:
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    actions.save_draft(
        _operator(),
        draft,
        place="Tana Paser",
        date=datetime.date(next_year, 1, 6),
        targets=[actions.TargetInput(indicator_text="Jumlah paket mebel", target_text="2 Unit")],
        budget=[actions.BudgetInput(name="Pengadaan mebel", amount=19_713_900)],
    )
    return actions.sign(_operator(), draft)


def test_a_signed_pk_keeps_the_parties_as_they_were_whatever_changes_later(login, next_year):
    signed = _signed_kasubag(next_year)
    other = actions.create_draft(_operator(), _position("jf_perencana"), next_year)
    hatimah = Employee.objects.get(code="hatimah", pemda__code="paser")
    hatimah.name = "Hj. HATIMAH BARU, S.Sos, M.Si"
    hatimah.nip = "196812241990022002"
    hatimah.golongan = "IV/c"
    hatimah.save()

    signed.refresh_from_db()
    assert signed.second_name == "Hj. HATIMAH, S.Sos, M.Si"
    assert signed.second_nip == "196812241990022001"
    assert signed.second_pangkat == "Pembina Tingkat I / IV/b"
    client = login("operator_a")
    page = client.get(reverse("agreement", args=[signed.pk])).content.decode()
    assert "Hj. HATIMAH, S.Sos, M.Si" in page and "HATIMAH BARU" not in page
    pdf = client.get(reverse("agreement", args=[signed.pk]) + "?format=pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Hj. HATIMAH, S.Sos, M.Si" in text and "NIP. 19681224 199002 2 001" in text
    assert "HATIMAH BARU" not in text and "199002 2 002" not in text
    # A draft, by contrast, shows the employee record as it stands.
    draft_pdf = client.get(reverse("agreement", args=[other.pk]) + "?format=pdf")
    draft_text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(draft_pdf.content)).pages
    )
    assert (
        "Hj. HATIMAH BARU, S.Sos, M.Si" in draft_text and "NIP. 19681224 199002 2 002" in draft_text
    )


def test_signing_records_the_event_with_who_and_the_parties(next_year):
    signed = _signed_kasubag(next_year)
    assert signed.is_signed and signed.signed_at is not None
    event = signed.events.get(action="signed")
    assert event.actor.username == "operator.kesbangpol"
    assert event.details["first"] == {"name": "HANIK YANUATI, SP", "nip": "196901111993082005"}
    assert list(signed.events.values_list("action", flat=True)) == ["signed", "updated", "created"]


def test_a_draft_without_targets_cannot_be_signed(login, next_year):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    response = login("operator_a").post(reverse("agreement_sign", args=[draft.pk]), follow=True)
    assert "PK belum memiliki baris sasaran, indikator dan target." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_signed


def test_a_party_with_an_invalid_nip_blocks_signing_until_the_record_is_fixed(next_year):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    actions.save_draft(
        _operator(),
        draft,
        place="Tana Paser",
        date=datetime.date(next_year, 1, 6),
        targets=[actions.TargetInput(indicator_text="Jumlah paket", target_text="2 Paket")],
        budget=[],
    )
    Employee.objects.filter(code="hanik", pemda__code="paser").update(nip="19690111 11703 2005")
    with pytest.raises(ValidationError) as error:
        actions.sign(_operator(), draft)
    assert "NIP pihak pertama (HANIK YANUATI, SP)" in error.value.messages[0]


def test_nobody_edits_a_signed_pk(login):
    signed = Agreement.objects.get(code="pk-kaban-2024")
    for persona in ("operator_a", "admin_pemda"):
        client = login(persona)
        assert client.get(reverse("agreement_edit", args=[signed.pk])).status_code == 403
        assert _post(client, signed, targets=[{"indicator_text": "x"}]).status_code == 403
        assert client.post(reverse("agreement_delete", args=[signed.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.save_draft(_admin(), signed, place="x", date=signed.date, targets=[], budget=[])
    assert Agreement.objects.get(pk=signed.pk).targets.count() == 6


# --------------------------------------------------------------------------- revise


def test_a_revision_is_a_new_draft_version_and_the_signed_one_stays_readable(login):
    original = Agreement.objects.get(code="pk-kabid-ideologi-2024")
    client = login("operator_a")
    response = client.post(
        reverse("agreement_revise", args=[original.pk]),
        {"reason": "Pergantian pejabat", "revised_on": "2024-07-01"},
    )
    new = Agreement.objects.get(previous=original)
    assert response["Location"] == reverse("agreement_edit", args=[new.pk])
    assert (new.version, new.state, new.code) == (2, "draft", original.code)
    assert (new.revision_reason, new.revision_date) == (
        "Pergantian pejabat",
        datetime.date(2024, 7, 1),
    )
    assert [b.amount for b in new.budget_rows.all()] == [1_355_982_300, 295_000_000]
    assert new.targets.count() == 2 and new.printed_total is None
    original.refresh_from_db()
    assert original.is_signed and original.budget_rows.count() == 2
    old_page = client.get(reverse("agreement", args=[original.pk])).content.decode()
    assert "perubahan ke-1" in old_page  # the versions are listed on both
    assert new.events.get().reason == "Pergantian pejabat"
    # The cascade now shows the newest version, marked as not yet signed.
    kesbangpol = original.agency
    cascade = client.get(reverse("cascade", args=[kesbangpol.pk, 2024])).content.decode()
    assert "(perubahan ke-1)" in cascade and "belum ditandatangani" in cascade


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "revised_on": "2024-07-01"}, "Bidang ini tidak boleh kosong"),
        ({"reason": "APBD-P", "revised_on": "2023-12-01"}, "tidak boleh sebelum tanggal PK"),
    ],
)
def test_a_revision_needs_a_reason_and_a_date_after_the_pk(login, data, message):
    original = Agreement.objects.get(code="pk-kabid-ideologi-2024")
    response = login("operator_a").post(reverse("agreement_revise", args=[original.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Agreement.objects.filter(previous=original).exists()


def test_only_the_latest_signed_version_can_be_revised(login):
    original = Agreement.objects.get(code="pk-kabid-ideologi-2024")
    new = actions.revise(
        _operator(), original, reason="APBD-P", revised_on=datetime.date(2024, 9, 1)
    )
    with pytest.raises(ValidationError, match="sudah memiliki versi perubahan"):
        actions.revise(_operator(), original, reason="lagi", revised_on=datetime.date(2024, 9, 2))
    with pytest.raises(ValidationError, match="dibuat dari PK yang sudah ditandatangani"):
        actions.revise(_operator(), new, reason="lagi", revised_on=datetime.date(2024, 9, 2))


def test_deleting_a_revision_draft_returns_to_the_signed_version(login):
    original = Agreement.objects.get(code="pk-kabid-ideologi-2024")
    new = actions.revise(
        _operator(), original, reason="APBD-P", revised_on=datetime.date(2024, 9, 1)
    )
    response = login("operator_a").post(reverse("agreement_delete", args=[new.pk]))
    assert response["Location"] == reverse("agreement", args=[original.pk])
    assert not Agreement.objects.filter(pk=new.pk).exists()
    assert AgreementEvent.objects.filter(
        action="deleted", subject__contains="perubahan ke-1"
    ).exists()


# --------------------------------------------------------------------------- the deadline


def test_an_unsigned_pk_a_month_after_the_budget_approval_is_warned_on_its_pages(
    login, kesbangpol, next_year
):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    client = login("admin_pemda")
    response = client.post(
        reverse("agreements_pemda"), {"year": next_year, "approved_on": "2024-12-20"}
    )
    assert response.status_code == 302
    assert BudgetApproval.objects.get(
        pemda=kesbangpol.pemda, year=next_year
    ).approved_on == datetime.date(2024, 12, 20)
    assert AgreementEvent.objects.filter(
        action="budget_approval", actor__username="admin.paser"
    ).exists()
    warning = "PK wajib ditandatangani paling lambat 20 Januari 2025"
    assert warning in client.get(reverse("agreements", args=[kesbangpol.pk])).content.decode()
    assert warning in client.get(reverse("agreement", args=[draft.pk])).content.decode()
    assert (
        warning in client.get(reverse("cascade", args=[kesbangpol.pk, next_year])).content.decode()
    )
    # Signed PKs of a year with a deadline are not warned about.
    BudgetApproval.objects.create(
        pemda=kesbangpol.pemda, year=2024, approved_on=datetime.date(2023, 12, 20)
    )
    page = client.get(reverse("agreement", args=[Agreement.objects.get(code="pk-kaban-2024").pk]))
    assert "paling lambat" not in page.content.decode()


def test_the_approval_date_must_fall_in_or_just_before_its_year(login):
    response = login("admin_pemda").post(
        reverse("agreements_pemda"), {"year": 2025, "approved_on": "2023-06-01"}
    )
    assert response.status_code == 200
    assert "APBD tahun 2025 ditetapkan pada akhir tahun 2024" in response.content.decode()
    assert not BudgetApproval.objects.filter(year=2025).exists()


def test_the_editor_adds_a_row_without_reloading_and_raises_the_form_count(login, next_year):
    draft = actions.create_draft(_operator(), _position("kasubag_umum"), next_year)
    client = login("operator_a")
    page = client.get(reverse("agreement_edit", args=[draft.pk])).content.decode()
    assert 'hx-get="' + reverse("agreement_row", args=[draft.pk]) + '?kind=b"' in page
    row = client.get(
        reverse("agreement_row", args=[draft.pk]) + "?kind=b&b-TOTAL_FORMS=2"
    ).content.decode()
    assert 'name="b-2-item"' in row and 'name="b-2-amount"' in row and 'name="b-2-DELETE"' in row
    assert 'id="id_b-TOTAL_FORMS"' in row and 'value="3"' in row and 'hx-swap-oob="true"' in row
    assert "8.01.01.2.06.02 Penyediaan Peralatan dan Perlengkapan Kantor (pagu Rp" in row
    for bad in ("?kind=x&x-TOTAL_FORMS=1", "?kind=t", "?kind=t&t-TOTAL_FORMS=-1"):
        assert client.get(reverse("agreement_row", args=[draft.pk]) + bad).status_code == 404
    signed = Agreement.objects.get(code="pk-kaban-2024")
    url = reverse("agreement_row", args=[signed.pk]) + "?kind=t&t-TOTAL_FORMS=6"
    assert client.get(url).status_code == 403


def test_the_list_shows_the_sum_of_the_lines_and_flags_a_different_printed_total(login, kesbangpol):
    page = login("head_a").get(reverse("agreements", args=[kesbangpol.pk])).content.decode()
    assert "Rp45.231.971.529" in page and "tercetak Rp45.267.771.529" in page
    assert "tercetak Rp7.112.162.360" not in page  # the Sekretaris's total is right


def _resubmit(client, agreement) -> object:
    """Post the editor form back exactly as it was rendered (initial values)."""
    page = client.get(reverse("agreement_edit", args=[agreement.pk]))
    assert page.status_code == 200
    header, targets, budget = (page.context[k] for k in ("header", "targets", "budget"))
    data = {
        "place": header.initial["place"],
        "date": header.initial["date"].isoformat(),
        **_management("t", len(targets.initial or []), len(targets.initial or [])),
        **_management("b", len(budget.initial or []), len(budget.initial or [])),
    }
    for prefix, initial in (("t", targets.initial or []), ("b", budget.initial or [])):
        for i, row in enumerate(initial):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = "" if value is None else value
    return client.post(reverse("agreement_edit", args=[agreement.pk]), data)


def test_every_pk_of_the_three_seeds_can_be_revised_edited_signed_and_printed(login):
    client = login("admin_pemda")
    other = login("admin_other_pemda")
    originals = list(Agreement.objects.filter(state="signed").select_related("pemda"))
    assert len(originals) == 15  # 13 of seed 003, one each of seeds 000 and 002
    for original in originals:
        c = client if original.pemda.code == "paser" else other
        revised_on = datetime.date(original.year, 6, 1)
        response = c.post(
            reverse("agreement_revise", args=[original.pk]),
            {"reason": "Uji perubahan", "revised_on": revised_on.isoformat()},
        )
        new = Agreement.objects.get(previous=original)
        assert response.status_code == 302, original.code
        resubmitted = _resubmit(c, new)
        assert resubmitted.status_code == 302, (
            original.code,
            resubmitted.context.get("errors"),
            [f.errors for f in resubmitted.context["targets"]],
            [f.errors for f in resubmitted.context["budget"]],
        )
        assert [b.amount for b in new.budget_rows.all()] == [
            b.amount for b in original.budget_rows.all()
        ]
        printed = [
            " ".join(x for x in (t.target_text, t.unit) if x) for t in original.targets.all()
        ]
        assert [t.target_text for t in new.targets.all()] == printed, original.code
        assert not any(t.unit for t in new.targets.all())
        c.post(reverse("agreement_sign", args=[new.pk]))
        new.refresh_from_db()
        assert new.is_signed, original.code
        pdf = c.get(reverse("agreement", args=[new.pk]) + "?format=pdf")
        text = " ".join(
            " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
        )
        assert "PERUBAHAN KE-1" in text and new.first_name in text, original.code


def test_a_link_to_the_superior_pk_follows_its_row_into_the_superior_revision(login):
    kepala = Agreement.objects.get(code="pk-kaban-2024")
    sekretaris = Agreement.objects.get(code="pk-sekretaris-2024")
    kepala_v2 = actions.revise(
        _admin(), kepala, reason="APBD-P", revised_on=datetime.date(2024, 9, 1)
    )
    sekretaris_v2 = actions.revise(
        _admin(), sekretaris, reason="APBD-P", revised_on=datetime.date(2024, 9, 2)
    )
    old_links = [t.serves_id for t in sekretaris.targets.all()]
    new_links = [t.serves for t in sekretaris_v2.targets.all()]
    assert all(link is not None and link.agreement_id == kepala_v2.pk for link in new_links)
    assert [link.previous_row_id for link in new_links] == old_links
    assert [t.previous_row_id for t in sekretaris_v2.targets.all()] == [
        t.pk for t in sekretaris.targets.all()
    ]
    # The signed first version keeps its links to the Kepala's first version.
    assert all(Agreement.objects.get(targets__pk=pk).pk == kepala.pk for pk in old_links)
