"""Who may read and change an evaluation, endpoint by endpoint: the evaluator writes,
the agency's operator fills the self-assessment, the agency reads its own only when
final, the admin reopens, and staff of another agency or Pemda learn nothing (404)."""

from __future__ import annotations

import pytest

from sakip.evaluation.models import Answer, Evaluation, EvidenceLink
from sakip.evaluation.tests.conftest import criteria_of
from sakip.reports.renderers import PdfRenderer

pytestmark = pytest.mark.django_db

READERS_OF_FINAL = ["admin_pemda", "operator_a", "head_a", "verifikator", "inspektorat"]
OUTSIDERS = ["operator_other_pemda", "admin_other_pemda", "operator.kominfo"]
HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def quick_pdf(monkeypatch):
    """The gate is tested here; the PDF itself in test_documents."""
    monkeypatch.setattr(PdfRenderer, "render", lambda self, document: b"%PDF-1.7 gate test")


AGENCY_PAGES = [
    ("evaluasi-sakip/2023/", HTML),
    ("evaluasi-sakip/2023/lhe/", HTML),
    ("evaluasi-sakip/2023/lhe/?format=pdf", "application/pdf"),
    ("evaluasi-sakip/2023/lhe/?format=docx", DOCX),
]


@pytest.mark.parametrize("persona", READERS_OF_FINAL)
@pytest.mark.parametrize(("path", "content_type"), AGENCY_PAGES)
def test_a_final_evaluation_is_read_by_the_pemda_and_the_agency_itself(
    login, kesbangpol, quick_pdf, persona, path, content_type
):
    response = login(persona).get(f"/opd/{kesbangpol.pk}/{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize("persona", [*OUTSIDERS, None])
@pytest.mark.parametrize(("path", "content_type"), AGENCY_PAGES)
def test_outsiders_do_not_learn_the_evaluation_exists(
    login, kesbangpol, other_agency, persona, path, content_type
):
    response = login(persona).get(f"/opd/{kesbangpol.pk}/{path}")
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ["admin_pemda", "inspektorat"])
def test_a_draft_is_read_by_the_evaluator_and_the_admin(login, kesbangpol, draft, persona):
    response = login(persona).get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/")
    assert response.status_code == 200
    assert "Nilai evaluator" in response.content.decode()
    assert login(persona).get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/lhe/").status_code == 200


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "verifikator"])
def test_a_draft_hides_the_evaluators_answers_from_the_agency_and_the_verifikator(
    login, kesbangpol, draft, evaluator, persona
):
    from sakip.evaluation import actions

    first = criteria_of(draft)[0]
    actions.save_answer(evaluator, draft, first.pk, code="CC", note="catatan rahasia evaluator")
    page = login(persona).get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/").content.decode()
    assert "catatan rahasia evaluator" not in page
    assert "Nilai evaluator" not in page
    assert login(persona).get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/lhe/").status_code == 404
    assert (
        login(persona).get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/lhe/?format=pdf").status_code
        == 404
    )


def test_the_agency_operator_sees_the_self_assessment_form_of_a_draft(login, kesbangpol, draft):
    page = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/").content.decode()
    assert 'name="who" value="self"' in page
    assert 'value="evaluator"' not in page


def _post(login, persona, kesbangpol, path, data=None):
    return login(persona).post(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/{path}", data or {})


@pytest.mark.parametrize(
    "persona", ["admin_pemda", "operator_a", "head_a", "verifikator", *OUTSIDERS]
)
def test_only_the_evaluator_answers_reviews_sets_details_and_finalises(
    login, kesbangpol, other_agency, draft, persona
):
    criterion = criteria_of(draft)[0]
    component = criterion.subcomponent.component
    expected = 404 if persona in OUTSIDERS else 403
    posts = [
        (f"jawab/{criterion.pk}/", {"who": "evaluator", "code": "A", "note": "x"}),
        (f"komponen/{component.pk}/", {"findings": "x", "recommendations": "y"}),
        ("data/", {"summary": "x"}),
        ("final/", {}),
    ]
    for path, data in posts:
        assert _post(login, persona, kesbangpol, path, data).status_code == expected, path
    assert not Answer.objects.filter(evaluation=draft).exists()
    draft.refresh_from_db()
    assert draft.summary == "" and draft.state == Evaluation.State.DRAFT


def test_the_evaluator_answers_and_is_sent_back_to_the_criterion(login, kesbangpol, draft):
    criterion = criteria_of(draft)[0]
    response = _post(
        login,
        "inspektorat",
        kesbangpol,
        f"jawab/{criterion.pk}/",
        {"who": "evaluator", "code": "A", "note": "baik"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#k-{criterion.pk}")
    answer = Answer.objects.get(evaluation=draft, criterion=criterion)
    assert (answer.option.code, answer.note) == ("A", "baik")


@pytest.mark.parametrize(
    "persona", ["admin_pemda", "head_a", "verifikator", "inspektorat", *OUTSIDERS]
)
def test_only_the_agencys_operator_fills_the_self_assessment(
    login, kesbangpol, other_agency, draft, persona
):
    criterion = criteria_of(draft)[0]
    response = _post(
        login, persona, kesbangpol, f"jawab/{criterion.pk}/", {"who": "self", "code": "A"}
    )
    assert response.status_code == (404 if persona in OUTSIDERS else 403)
    assert not Answer.objects.filter(evaluation=draft, self_option__isnull=False).exists()
    ok = _post(
        login, "operator_a", kesbangpol, f"jawab/{criterion.pk}/", {"who": "self", "code": "A"}
    )
    assert ok.status_code == 302
    assert Answer.objects.get(evaluation=draft).self_option.code == "A"


@pytest.mark.parametrize("persona", ["admin_pemda", "head_a", "verifikator", *OUTSIDERS])
def test_evidence_is_added_by_the_evaluator_or_the_agencys_operator_only(
    login, kesbangpol, other_agency, draft, persona
):
    criterion = criteria_of(draft)[0]
    path = f"bukti/{criterion.pk}/"
    refused = _post(login, persona, kesbangpol, path, {"kind": "renstra"})
    assert refused.status_code == (404 if persona in OUTSIDERS else 403)
    assert not EvidenceLink.objects.filter(answer__evaluation=draft).exists()
    for allowed in ("inspektorat", "operator_a"):
        kind = "renstra" if allowed == "inspektorat" else "iku"
        assert _post(login, allowed, kesbangpol, path, {"kind": kind}).status_code == 302
    kinds = EvidenceLink.objects.filter(answer__evaluation=draft).values_list("kind", flat=True)
    assert sorted(kinds) == ["iku", "renstra"]


@pytest.mark.parametrize("persona", ["head_a", "verifikator", *OUTSIDERS])
def test_evidence_is_removed_only_by_those_who_add_it(
    login, kesbangpol, other_agency, draft, evaluator, persona
):
    from sakip.evaluation import actions

    link = actions.add_evidence_page(evaluator, draft, criteria_of(draft)[0].pk, "renstra")
    url = f"/evaluasi-sakip/bukti/{link.pk}/hapus/"
    # The verifikator does not see a draft, nor its evidence.
    hidden = persona in OUTSIDERS or persona == "verifikator"
    assert login(persona).post(url).status_code == (404 if hidden else 403)
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    assert login("operator_a").post(url).status_code == 302
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize("persona", ["operator_a", "head_a", "verifikator", "inspektorat"])
def test_only_the_admin_reopens_a_final_evaluation(login, kesbangpol, final, persona):
    url = f"/opd/{kesbangpol.pk}/evaluasi-sakip/2023/buka/"
    assert login(persona).post(url, {"reason": "salah hitung"}).status_code == 403
    final.refresh_from_db()
    assert final.is_final
    assert login("admin_pemda").post(url, {"reason": "salah hitung"}).status_code == 302
    final.refresh_from_db()
    assert not final.is_final


def test_outsiders_cannot_reopen(login, kesbangpol, other_agency, final):
    for persona in OUTSIDERS:
        url = f"/opd/{kesbangpol.pk}/evaluasi-sakip/2023/buka/"
        assert login(persona).post(url, {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["admin_pemda", "operator_a", "head_a", "verifikator"])
def test_only_the_evaluator_starts_an_evaluation(login, kesbangpol, persona):
    url = f"/opd/{kesbangpol.pk}/evaluasi-sakip/2021/mulai/"
    assert login(persona).post(url).status_code == 403
    assert not Evaluation.objects.filter(agency=kesbangpol, year=2021).exists()
    assert login("inspektorat").post(url).status_code == 302
    assert Evaluation.objects.filter(agency=kesbangpol, year=2021).exists()


def test_every_write_refuses_a_get(login, kesbangpol, draft):
    client = login("inspektorat")
    criterion = criteria_of(draft)[0]
    for path in ("mulai/", f"jawab/{criterion.pk}/", f"bukti/{criterion.pk}/", "data/", "final/"):
        assert client.get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/2022/{path}").status_code == 405


RECAP_PAGES = [
    ("/evaluasi-sakip/2023/", HTML),
    ("/evaluasi-sakip/2023/?format=pdf", "application/pdf"),
    ("/evaluasi-sakip/2023/?format=xlsx", XLSX),
    ("/evaluasi-sakip/2023/?format=docx", DOCX),
]


@pytest.mark.parametrize("persona", ["admin_pemda", "verifikator", "inspektorat"])
@pytest.mark.parametrize(("path", "content_type"), RECAP_PAGES)
def test_the_pemda_wide_readers_get_the_recap_and_the_templates(
    login, quick_pdf, persona, path, content_type
):
    response = login(persona).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize("persona", ["operator_a", "head_a"])
@pytest.mark.parametrize(("path", "content_type"), RECAP_PAGES)
def test_agency_staff_do_not_get_the_pemda_recap(login, persona, path, content_type):
    assert login(persona).get(path).status_code == 403


def test_the_recap_of_another_pemda_shows_only_its_own_agencies(login, kesbangpol):
    page = login("admin_other_pemda").get("/evaluasi-sakip/2023/").content.decode()
    assert "Kabupaten Banyumas" in page
    assert "65,22" not in page and f"/opd/{kesbangpol.pk}/" not in page


def test_the_recap_index_and_agency_index_lead_to_the_latest_year(login, kesbangpol):
    assert login("inspektorat").get("/evaluasi-sakip/")["Location"] == "/evaluasi-sakip/2023/"
    response = login("operator_a").get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/")
    assert response["Location"] == f"/opd/{kesbangpol.pk}/evaluasi-sakip/2023/"
    assert (
        login("operator_other_pemda").get(f"/opd/{kesbangpol.pk}/evaluasi-sakip/").status_code
        == 404
    )


def test_the_template_pages_and_their_writes_are_for_the_admin_and_evaluator(login, paser):
    from sakip.evaluation.models import Template

    shipped = Template.objects.get(pemda=None)
    # Everyone of the Pemda reads the templates (an agency sees what it is evaluated with).
    for persona in ("verifikator", "operator_a", "head_a", "admin_other_pemda"):
        assert login(persona).get("/evaluasi-sakip/templat/").status_code == 200
        assert login(persona).get(f"/evaluasi-sakip/templat/{shipped.pk}/").status_code == 200
    assert login(None).get("/evaluasi-sakip/templat/").status_code == 302
    url = f"/evaluasi-sakip/templat/{shipped.pk}/salin/"
    assert login("verifikator").post(url, {"year": "2025"}).status_code == 403
    assert login("operator_a").post(url, {"year": "2025"}).status_code == 403
    response = login("inspektorat").post(url, {"year": "2025"})
    assert response.status_code == 302
    copy = Template.objects.get(pemda=paser, year=2025)
    # A Banyumas admin neither sees Paser's template nor changes it.
    component = copy.components.first()
    part = f"/evaluasi-sakip/templat/{copy.pk}/component/{component.pk}/"
    assert login("admin_other_pemda").get(f"/evaluasi-sakip/templat/{copy.pk}/").status_code == 404
    assert login("admin_other_pemda").post(part, {"name": "x", "weight": "1"}).status_code == 404
    assert login("verifikator").post(part, {"name": "x", "weight": "1"}).status_code == 403
    assert (
        login("admin_pemda").post(part, {"name": "Perencanaan", "weight": "30"}).status_code == 302
    )


def test_an_uploaded_evidence_file_is_served_only_through_the_gate(
    login, kesbangpol, other_agency, draft, operator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sakip.evaluation import actions
    from sakip.evaluation.tests.conftest import PDF

    link = actions.add_evidence_file(
        operator,
        draft,
        criteria_of(draft)[0].pk,
        SimpleUploadedFile("bukti renstra.pdf", PDF, content_type="application/pdf"),
    )
    url = f"/evaluasi-sakip/bukti/{link.pk}/"
    for persona in ("operator_a", "inspektorat", "admin_pemda"):
        response = login(persona).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert 'filename="bukti renstra.pdf"' in response["Content-Disposition"]
    assert login("verifikator").get(url).status_code == 404  # a draft's evidence
    for persona in OUTSIDERS:
        assert login(persona).get(url).status_code == 404
    assert login(None).get(url).status_code == 302


def test_the_django_admin_shows_evaluations_read_only(kesbangpol, final):
    from django.test import Client

    from sakip.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="admin.sistem"))
    page = client.get(f"/admin/evaluation/evaluation/{final.pk}/change/").content.decode()
    assert "Perangkat daerah" in page and "Indikator yang diukur dengan nilai ini" in page
    assert client.get("/admin/evaluation/evaluation/add/").status_code == 403
    assert client.get("/admin/evaluation/evaluationevent/").status_code == 200
