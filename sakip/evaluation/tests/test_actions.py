"""The evaluation's workflow: answers and their audit trail, the self-assessment beside
them, evidence, finalising (complete answers, weights adding up), the grade written as
the IKU's realisasi, read-only when final, reopening with a reason, templates."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sakip.evaluation import actions, worksheet
from sakip.evaluation.models import (
    Answer,
    Evaluation,
    EvaluationEvent,
    EvidenceLink,
    Template,
)
from sakip.evaluation.tests.conftest import PDF, answer_all, criteria_of
from sakip.measurement.models import Actual, MeasurementEvent
from sakip.planning.models import Indicator
from sakip.reports import iku

pytestmark = pytest.mark.django_db
Event = EvaluationEvent.Action


def test_an_answer_is_recorded_with_its_history_and_events(draft, evaluator):
    criterion = criteria_of(draft)[0]
    assert actions.save_answer(evaluator, draft, criterion.pk, code="B", note="cukup")
    assert actions.save_answer(evaluator, draft, criterion.pk, code="A", note="cukup")
    assert not actions.save_answer(evaluator, draft, criterion.pk, code="A", note=" cukup ")
    answer = Answer.objects.get(evaluation=draft, criterion=criterion)
    assert answer.option.code == "A"
    assert [h.option.code for h in answer.history.order_by("history_date")] == ["B", "A"]
    assert answer.history.first().history_user == evaluator
    events = list(
        EvaluationEvent.objects.filter(evaluation=draft, action=Event.ANSWERED).order_by("at", "pk")
    )
    assert [(e.old_value, e.new_value) for e in events] == [("–", "B"), ("B", "A")]
    assert events[0].actor == evaluator and "Kriteria 1" in events[0].subject
    assert EvaluationEvent.objects.filter(evaluation=draft, action=Event.NOTE_CHANGED).count() == 1


def test_an_answer_outside_the_criterions_scale_is_refused_in_indonesian(draft, evaluator):
    criterion = criteria_of(draft)[0]
    with pytest.raises(actions.Invalid, match="Jawaban “Z” tidak dikenal; pilih salah satu: AA"):
        actions.save_answer(evaluator, draft, criterion.pk, code="Z", note="")
    assert not Answer.objects.filter(evaluation=draft).exists()


def test_a_criterion_of_another_template_is_not_found(draft, evaluator, paser):
    copy = actions.copy_template(evaluator, paser, 2030, draft.template)
    foreign = criteria_of(Evaluation(template=copy))[0]
    with pytest.raises(actions.NotFound):
        actions.save_answer(evaluator, draft, foreign.pk, code="A", note="")


def test_the_self_assessment_is_scored_beside_the_evaluators_answers(draft, evaluator, operator):
    first, second = criteria_of(draft)[:2]
    actions.save_self_assessment(operator, draft, first.pk, code="AA", note="Renstra ada")
    actions.save_answer(evaluator, draft, first.pk, code="B", note="")
    sheet = worksheet.load(draft)
    sub = sheet.components[0].subs[0]
    # 1.a: weight 6, five criteria: AA → 6 × 1 / 5, B → 6 × 0,7 / 5.
    assert sub.self_score.score == Decimal("1.2")
    assert sub.score.score == Decimal("0.84")
    assert sheet.self_score.answered == 1 and sheet.score.answered == 1
    answer = Answer.objects.get(evaluation=draft, criterion=first)
    assert (answer.self_option.code, answer.self_note, answer.option.code) == (
        "AA",
        "Renstra ada",
        "B",
    )
    event = EvaluationEvent.objects.get(evaluation=draft, action=Event.SELF_ANSWERED)
    assert (event.old_value, event.new_value, event.actor) == ("–", "AA – Renstra ada", operator)
    assert second.pk not in {a.criterion_id for a in Answer.objects.filter(evaluation=draft)}


def test_finalising_needs_every_criterion_answered(draft, evaluator):
    first = criteria_of(draft)[0]
    actions.save_answer(evaluator, draft, first.pk, code="A", note="")
    with pytest.raises(actions.Refused, match="Masih ada 22 kriteria yang belum dijawab"):
        actions.finalize(evaluator, draft)
    draft.refresh_from_db()
    assert draft.state == Evaluation.State.DRAFT


def test_a_final_evaluation_writes_its_grade_as_the_realisasi_of_its_indicator(
    draft, evaluator, kesbangpol
):
    indicator = Indicator.objects.get(agency=kesbangpol, name="Nilai Evaluasi SAKIP dan APIP")
    actions.save_details(evaluator, draft, grade_indicator_id=indicator.pk, report_date=None)
    answer_all(draft, evaluator, "B")  # every criterion 0,7: 70,00 → "B" (> 60 – 70)
    sheet = actions.finalize(evaluator, draft)
    assert sheet.score.total == Decimal(70)
    assert sheet.grade.label == "B"
    draft.refresh_from_db()
    assert draft.is_final and draft.finalized_at is not None
    actual = Actual.objects.get(indicator=indicator, year=2022, quarter=0)
    assert (actual.text, actual.value, actual.updated_by) == ("B", Decimal(70), evaluator)
    assert actual.history.first().history_user == evaluator
    measured = MeasurementEvent.objects.get(indicator=indicator, year=2022, quarter=0)
    assert measured.new_value == "B (70,00)" and measured.actor == evaluator
    recorded = EvaluationEvent.objects.get(evaluation=draft, action=Event.GRADE_RECORDED)
    assert recorded.new_value == "B (70,00)"
    line = next(x for x in iku.load(kesbangpol, 2022).lines if x.indicator == indicator)
    assert (line.actual, line.actual_text) == (Decimal(70), "B")


def test_finalising_again_after_reopening_overwrites_the_realisasi_and_says_what_it_was(
    draft, evaluator, admin, kesbangpol
):
    indicator = Indicator.objects.get(agency=kesbangpol, name="Nilai Evaluasi SAKIP dan APIP")
    # The demo may already hold a 2022 figure (the LKjIP's previous-year table): each
    # finalising writes one more version of it.
    existing = Actual.objects.filter(indicator=indicator, year=2022, quarter=0).first()
    before = existing.version if existing else 0
    actions.save_details(evaluator, draft, grade_indicator_id=indicator.pk, report_date=None)
    answer_all(draft, evaluator, "B")
    actions.finalize(evaluator, draft)
    actions.reopen(admin, draft, "jawaban 1.a.1 keliru")
    actions.save_answer(evaluator, draft, criteria_of(draft)[0].pk, code="AA", note="")
    actions.finalize(evaluator, draft)
    actual = Actual.objects.get(indicator=indicator, year=2022, quarter=0)
    # 1.a: 6 × (1 + 4 × 0,7) / 5 = 4,56 instead of 4,2: 70,36, above 70: "BB".
    assert (actual.value, actual.text, actual.version) == (Decimal("70.36"), "BB", before + 2)
    events = MeasurementEvent.objects.filter(indicator=indicator, year=2022).order_by("at", "pk")
    assert [e.new_value for e in events] == ["B (70,00)", "BB (70,36)"]
    assert events.last().old_value == "B (70)"


def test_a_final_evaluation_is_read_only(final, evaluator, operator):
    criterion = criteria_of(final)[0]
    for attempt in (
        lambda: actions.save_answer(evaluator, final, criterion.pk, code="AA", note=""),
        lambda: actions.save_self_assessment(operator, final, criterion.pk, code="AA", note=""),
        lambda: actions.add_evidence_page(evaluator, final, criterion.pk, "renja"),
        lambda: actions.save_review(
            evaluator, final, criterion.subcomponent.component_id, findings="x", recommendations=""
        ),
        lambda: actions.save_details(evaluator, final, grade_indicator_id=None, report_date=None),
        lambda: actions.finalize(evaluator, final),
    ):
        with pytest.raises(actions.Refused, match="sudah final"):
            attempt()


def test_reopening_needs_the_admin_and_a_reason_and_is_logged(final, admin, evaluator):
    with pytest.raises(actions.Refused):
        actions.reopen(evaluator, final, "alasan")
    with pytest.raises(actions.Invalid, match="alasan"):
        actions.reopen(admin, final, "  ")
    actions.reopen(admin, final, "LHE harus direvisi")
    final.refresh_from_db()
    assert final.state == Evaluation.State.DRAFT
    event = EvaluationEvent.objects.get(evaluation=final, action=Event.REOPENED)
    assert (event.reason, event.actor) == ("LHE harus direvisi", admin)
    assert final.history.first().history_change_reason == "LHE harus direvisi"


def test_a_grade_indicator_of_another_agency_is_refused(draft, evaluator, kesbangpol):
    foreign = Indicator.objects.exclude(agency=kesbangpol).exclude(agency=None).first()
    assert foreign is not None
    with pytest.raises(actions.NotFound):
        actions.save_details(evaluator, draft, grade_indicator_id=foreign.pk, report_date=None)
    draft.refresh_from_db()
    assert draft.grade_indicator is None


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(draft, operator):
    criterion = criteria_of(draft)[0]
    fake = SimpleUploadedFile("bukti.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(actions.Invalid, match="bukan PDF, JPG atau PNG"):
        actions.add_evidence_file(operator, draft, criterion.pk, fake)
    link = actions.add_evidence_file(
        operator, draft, criterion.pk, SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    # A generated name on disk, never the uploaded one.
    assert re.fullmatch(r"lke/[0-9a-f]{32}\.pdf", link.file.name)
    assert link.original_name == "a.pdf"
    assert EvaluationEvent.objects.filter(action=Event.EVIDENCE_ADDED, new_value="a.pdf").exists()


def test_removing_an_uploaded_evidence_removes_its_file(
    draft, operator, django_capture_on_commit_callbacks
):
    criterion = criteria_of(draft)[0]
    link = actions.add_evidence_file(
        operator, draft, criterion.pk, SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    )
    storage, name = link.file.storage, link.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_evidence(operator, link)
    assert not storage.exists(name)
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    assert EvaluationEvent.objects.filter(action=Event.EVIDENCE_REMOVED, old_value="a.pdf").exists()


def test_a_pemda_copies_the_template_for_a_year_and_new_evaluations_use_it(
    evaluator, paser, kesbangpol
):
    shipped = Template.objects.get(pemda=None)
    copy = actions.copy_template(evaluator, paser, 2021, shipped)
    assert worksheet.load_template(copy).weight_problems == []
    assert len(worksheet.load_template(copy).criteria) == len(
        worksheet.load_template(shipped).criteria
    )
    with pytest.raises(actions.Invalid, match="sudah memiliki templat LKE tahun 2021"):
        actions.copy_template(evaluator, paser, 2021, shipped)
    evaluation = actions.start_evaluation(evaluator, kesbangpol, 2021)
    assert evaluation.template == copy
    assert actions.start_evaluation(evaluator, kesbangpol, 2020).template == shipped


def test_weights_that_do_not_add_up_are_shown_and_block_finalising(evaluator, paser, kesbangpol):
    copy = actions.copy_template(evaluator, paser, 2021, Template.objects.get(pemda=None))
    sub = copy.components.get(number="1").subcomponents.get(number="1.a")
    actions.save_template_part(
        evaluator, copy, "subcomponent", sub.pk, name="Pemenuhan", weight="8"
    )
    problems = worksheet.load_template(copy).weight_problems
    assert problems == [
        "Bobot sub-komponen Perencanaan Kinerja berjumlah 32, padahal bobot komponennya 30."
    ]
    evaluation = actions.start_evaluation(evaluator, kesbangpol, 2021)
    answer_all(evaluation, evaluator, "A")
    with pytest.raises(actions.Refused, match="Bobot templat evaluasi belum benar") as refused:
        actions.finalize(evaluator, evaluation)
    assert refused.value.details == problems
    with pytest.raises(actions.Invalid, match="bukan angka yang sah"):
        actions.save_template_part(
            evaluator, copy, "component", sub.component_id, name="x", weight="tiga"
        )


def test_the_shipped_template_cannot_be_edited(evaluator):
    shipped = Template.objects.get(pemda=None)
    component = shipped.components.first()
    with pytest.raises(actions.Refused, match="Templat bawaan tidak dapat diubah"):
        actions.save_template_part(
            evaluator, shipped, "component", component.pk, name="x", weight="1"
        )


def test_a_template_used_by_a_final_evaluation_cannot_be_edited(evaluator, paser, kesbangpol):
    copy = actions.copy_template(evaluator, paser, 2021, Template.objects.get(pemda=None))
    evaluation = actions.start_evaluation(evaluator, kesbangpol, 2021)
    answer_all(evaluation, evaluator)
    actions.finalize(evaluator, evaluation)
    component = copy.components.first()
    with pytest.raises(actions.Refused, match="sudah dipakai evaluasi yang final"):
        actions.save_template_part(
            evaluator, copy, "component", component.pk, name="x", weight="30"
        )


def test_a_pemdas_template_grades_by_the_scale_it_chooses(evaluator, paser, kesbangpol, login):
    from sakip.organisation.models import RatingBand, RatingScale

    own = RatingScale.objects.create(pemda=paser, code="akip-paser", name="Predikat AKIP Paser")
    RatingBand.objects.bulk_create(
        [
            RatingBand(scale=own, above=Decimal(65), label="Memadai", colour="#1a7f37"),
            RatingBand(scale=own, above=None, label="Kurang", colour="#cf222e"),
        ]
    )
    copy = actions.copy_template(evaluator, paser, 2021, Template.objects.get(pemda=None))
    response = login("inspektorat").post(
        f"/evaluasi-sakip/templat/{copy.pk}/skala/", {"scale": own.pk}
    )
    assert response.status_code == 302
    evaluation = actions.start_evaluation(evaluator, kesbangpol, 2021)
    answer_all(evaluation, evaluator, "B")  # 70
    assert worksheet.load(evaluation).grade.label == "Memadai"
    banyumas_scale = RatingScale.objects.create(
        pemda=kesbangpol.pemda.__class__.objects.get(code="banyumas"), code="x", name="X"
    )
    with pytest.raises(actions.NotFound):
        actions.set_grade_scale(evaluator, copy, banyumas_scale.pk)
