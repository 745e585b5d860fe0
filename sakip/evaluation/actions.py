"""Actions of the SAKIP evaluation. Each checks who may act and what the workflow allows,
writes in one transaction (the evaluation's row locked first, so nothing changes while
it is being finalised) and records an EvaluationEvent; row history comes from
django-simple-history. Views call these; nothing else writes evaluation data."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from sakip import errors
from sakip.evaluation import access, shipped, worksheet
from sakip.evaluation.models import (
    Answer,
    AnswerOption,
    AnswerScale,
    Component,
    ComponentReview,
    Criterion,
    Evaluation,
    EvaluationEvent,
    EvidenceLink,
    SubComponent,
    Template,
)
from sakip.events import actor_name
from sakip.measurement import actions as measurement_actions
from sakip.measurement.evidence import EvidenceError, check_upload
from sakip.measurement.models import Actual, MeasurementEvent
from sakip.organisation.models import Agency, Pemda, RatingScale
from sakip.planning.models import Indicator
from sakip.rules import formatting
from sakip.rules.values import parse_decimal

if TYPE_CHECKING:
    import datetime

    from sakip.accounts.models import User

State = Evaluation.State
Event = EvaluationEvent.Action


# The refusals (sakip.errors), re-exported for the views.
ActionError = errors.ActionError
Refused = errors.Refused
Invalid = errors.Invalid
NotFound = errors.NotFound


def record(
    *,
    pemda: Pemda | int,
    action: str,
    user: User | None,
    year: int,
    agency: Agency | None = None,
    evaluation: Evaluation | None = None,
    subject: str = "",
    old: str = "",
    new: str = "",
    reason: str = "",
    name: str = "",
) -> EvaluationEvent:
    return EvaluationEvent.objects.create(
        pemda_id=pemda if isinstance(pemda, int) else pemda.pk,
        agency=agency,
        evaluation=evaluation,
        year=year,
        action=action,
        subject=subject[:400],
        old_value=old,
        new_value=new,
        reason=reason,
        actor=user,
        actor_name=name or actor_name(user),
    )


def record_on(
    evaluation: Evaluation, *, action: str, user: User | None, **details: str
) -> EvaluationEvent:
    """:func:`record` of an event of one evaluation: its Pemda, agency and year."""
    return record(
        pemda=evaluation.agency.pemda_id,
        agency=evaluation.agency,
        evaluation=evaluation,
        action=action,
        user=user,
        year=evaluation.year,
        **details,
    )


def show_score(value: Decimal | None) -> str:
    """A score as the LHE prints it: two decimals, half-up ("65,22")."""
    return formatting.format_number(value, 2) if value is not None else "–"


# --------------------------------------------------------------------------- templates


def template_for(pemda: Pemda, year: int) -> Template:
    """The template an evaluation of ``year`` uses: the Pemda's own for that year, else
    the shipped PermenPANRB 88/2021 one."""
    own = Template.objects.filter(pemda=pemda, year=year).first()
    if own is not None:
        return own
    return Template.objects.get(pemda=None, code=shipped.CODE)


def copy_template(user: User, pemda: Pemda, year: int, source: Template) -> Template:
    """Copy ``source`` (shipped, or one of the Pemda's) as the Pemda's template for
    ``year``, to adjust."""
    if not access.can_manage_templates(user, pemda):
        raise Refused("Hanya admin dan evaluator pemerintah daerah yang dapat menyalin templat.")
    if source.pemda_id not in (None, pemda.pk):
        raise NotFound("Templat tidak ditemukan.")
    if not 2000 <= year <= 2100:
        raise Invalid("Tahun templat harus antara 2000 dan 2100.")
    with transaction.atomic():
        if Template.objects.filter(pemda=pemda, year=year).exists():
            raise Invalid(f"Pemerintah daerah ini sudah memiliki templat LKE tahun {year}.")
        data = worksheet.load_template(source)
        copy = Template.objects.create(
            pemda=pemda,
            year=year,
            code=f"lke-{year}",
            name=source.name,
            note=source.note,
            grade_scale=source.grade_scale,
            copied_from=source,
        )
        scales: dict[int, AnswerScale] = {}
        for scale in data.scales:
            scales[scale.pk] = AnswerScale.objects.create(
                template=copy, code=scale.code, name=scale.name
            )
        options = [
            AnswerOption(
                scale=scales[o.scale_id],
                order=o.order,
                code=o.code,
                label=o.label,
                value=o.value,
            )
            for o in AnswerOption.objects.filter(scale__template=source).order_by("order")
        ]
        AnswerOption.objects.bulk_create(options)
        for comp in data.components:
            component = Component.objects.create(
                template=copy,
                order=comp.component.order,
                number=comp.component.number,
                name=comp.component.name,
                weight=comp.component.weight,
            )
            for sub in comp.subs:
                subcomponent = SubComponent.objects.create(
                    component=component,
                    order=sub.sub.order,
                    number=sub.sub.number,
                    name=sub.sub.name,
                    weight=sub.sub.weight,
                )
                Criterion.objects.bulk_create(
                    Criterion(
                        subcomponent=subcomponent,
                        order=cd.criterion.order,
                        number=cd.criterion.number,
                        text=cd.criterion.text,
                        scale=scales[cd.criterion.scale_id],
                        source=cd.criterion.source,
                    )
                    for cd in sub.criteria
                )
        record(
            pemda=pemda,
            action=Event.TEMPLATE_COPIED,
            user=user,
            year=year,
            subject=f"Templat LKE {year}",
            new=f"disalin dari {source}",
        )
    return copy


def _editable_template(user: User, template: Template) -> Pemda:
    if template.pemda is None:
        raise Refused("Templat bawaan tidak dapat diubah; salin dahulu untuk tahun evaluasi.")
    if not access.can_manage_templates(user, template.pemda):
        raise Refused("Hanya admin dan evaluator pemerintah daerah yang dapat mengubah templat.")
    if template.evaluations.filter(state=State.FINAL).exists():
        raise Refused(
            "Templat ini sudah dipakai evaluasi yang final; bobot dan kriterianya tidak dapat "
            "diubah lagi."
        )
    return template.pemda


def _weight(raw: str) -> Decimal:
    try:
        value = parse_decimal(raw)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    if value is None or value < 0:
        raise Invalid("Bobot wajib diisi dengan angka 0 atau lebih.")
    return value


def save_template_part(
    user: User, template: Template, kind: str, pk: int, *, name: str, weight: str = ""
) -> None:
    """Rename or reweight a component or sub-component, or reword a criterion, of the
    Pemda's template. Weights need not add up after every single change (a Pemda moves
    weight from one part to another in two steps); the template page shows what does not
    add up, and an evaluation cannot be finalised on a template whose weights do not."""
    pemda = _editable_template(user, template)
    name = name.strip()
    if not name:
        raise Invalid("Nama atau teks kriteria wajib diisi.")
    with transaction.atomic():
        if kind == "component":
            part = Component.objects.filter(template=template, pk=pk).first()
        elif kind == "subcomponent":
            part = SubComponent.objects.filter(component__template=template, pk=pk).first()
        elif kind == "criterion":
            part = Criterion.objects.filter(
                subcomponent__component__template=template, pk=pk
            ).first()
        else:
            part = None
        if part is None:
            raise NotFound("Bagian templat tidak ditemukan.")
        if isinstance(part, Criterion):
            old = part.text
            part.text = name
            part.save(update_fields=["text"])
            new = name
        else:
            value = _weight(weight)
            old = f"{part.name} (bobot {formatting.format_decimal_trimmed(part.weight)})"
            part.name = name
            part.weight = value
            part.save(update_fields=["name", "weight"])
            new = f"{name} (bobot {formatting.format_decimal_trimmed(value)})"
        if old != new:
            record(
                pemda=pemda,
                action=Event.TEMPLATE_CHANGED,
                user=user,
                year=template.year or 0,
                subject=str(template),
                old=old,
                new=new,
            )


def set_grade_scale(user: User, template: Template, scale_id: int) -> None:
    """The grade scale of the Pemda's template: a shipped scale or one of the Pemda's own
    (rating scales are data, DOMAIN §4.3)."""
    pemda = _editable_template(user, template)
    scale = RatingScale.objects.filter(pk=scale_id).filter(Q(pemda=None) | Q(pemda=pemda)).first()
    if scale is None:
        raise NotFound("Skala predikat tidak ditemukan.")
    if scale.pk == template.grade_scale_id:
        return
    with transaction.atomic():
        old = str(template.grade_scale)
        template.grade_scale = scale
        template._history_user = user  # type: ignore[attr-defined]
        template.save(update_fields=["grade_scale"])
        record(
            pemda=pemda,
            action=Event.TEMPLATE_CHANGED,
            user=user,
            year=template.year or 0,
            subject=f"{template}: skala predikat",
            old=old,
            new=str(scale),
        )


# --------------------------------------------------------------------------- evaluations


def start_evaluation(user: User, agency: Agency, year: int) -> Evaluation:
    """The agency's evaluation of ``year`` (created as a draft on the Pemda's template
    for that year, or the shipped one)."""
    if not access.can_evaluate(user, agency):
        raise Refused("Hanya evaluator (Inspektorat) yang dapat memulai evaluasi SAKIP.")
    with transaction.atomic():
        evaluation, created = Evaluation.objects.get_or_create(
            agency=agency, year=year, defaults={"template": template_for(agency.pemda, year)}
        )
        if created:
            record(
                pemda=agency.pemda_id,
                agency=agency,
                evaluation=evaluation,
                action=Event.CREATED,
                user=user,
                year=year,
                subject=str(evaluation),
                new=str(evaluation.template),
            )
    return evaluation


def _lock(evaluation: Evaluation) -> Evaluation:
    """The evaluation re-read under a row lock, refused when final."""
    current = Evaluation.objects.select_for_update().select_related("agency").get(pk=evaluation.pk)
    if current.is_final:
        raise Refused(
            "Evaluasi ini sudah final dan hanya dapat dibaca. Admin pemerintah daerah dapat "
            "membukanya kembali dengan alasan."
        )
    return current


def _criterion(evaluation: Evaluation, criterion_id: int) -> Criterion:
    criterion = (
        Criterion.objects.filter(
            pk=criterion_id, subcomponent__component__template_id=evaluation.template_id
        )
        .select_related("scale")
        .first()
    )
    if criterion is None:
        raise NotFound("Kriteria ini tidak termasuk templat evaluasi ini.")
    return criterion


def _option(criterion: Criterion, code: str) -> AnswerOption | None:
    code = (code or "").strip()
    if not code:
        return None
    option = AnswerOption.objects.filter(scale_id=criterion.scale_id, code=code).first()
    if option is None:
        allowed = ", ".join(
            AnswerOption.objects.filter(scale_id=criterion.scale_id)
            .order_by("order")
            .values_list("code", flat=True)
        )
        raise Invalid(f"Jawaban “{code[:10]}” tidak dikenal; pilih salah satu: {allowed}.")
    return option


def _subject(criterion: Criterion) -> str:
    return f"Kriteria {criterion.number}: {criterion.text}"


def save_answer(
    user: User, evaluation: Evaluation, criterion_id: int, *, code: str, note: str
) -> bool:
    """The evaluator's answer and note to one criterion. True when something changed."""
    if not access.can_evaluate(user, evaluation.agency):
        raise Refused("Hanya evaluator (Inspektorat) yang dapat mengisi jawaban evaluasi.")
    note = note.strip()
    with transaction.atomic():
        current = _lock(evaluation)
        criterion = _criterion(current, criterion_id)
        option = _option(criterion, code)
        answer = Answer.objects.filter(evaluation=current, criterion=criterion).first()
        old_code = answer.option.code if answer and answer.option else ""
        old_note = answer.note if answer else ""
        new_code = option.code if option else ""
        if (old_code, old_note) == (new_code, note):
            return False
        if answer is None:
            answer = Answer(evaluation=current, criterion=criterion)
        answer.option = option
        answer.note = note
        answer.version = (answer.version or 0) + (1 if answer.pk else 0)
        answer._history_user = user  # type: ignore[attr-defined]
        answer.save()
        subject = _subject(criterion)
        if old_code != new_code:
            record_on(
                current,
                action=Event.ANSWERED,
                user=user,
                subject=subject,
                old=old_code or "–",
                new=new_code or "–",
            )
        if old_note != note:
            record_on(
                current,
                action=Event.NOTE_CHANGED,
                user=user,
                subject=subject,
                old=old_note,
                new=note,
            )
    return True


def save_self_assessment(
    user: User, evaluation: Evaluation, criterion_id: int, *, code: str, note: str
) -> bool:
    """The agency's own answer (penilaian mandiri) to one criterion, shown beside the
    evaluator's."""
    if not access.can_self_assess(user, evaluation.agency):
        raise Refused("Penilaian mandiri diisi oleh operator perangkat daerah yang dievaluasi.")
    note = note.strip()
    with transaction.atomic():
        current = _lock(evaluation)
        criterion = _criterion(current, criterion_id)
        option = _option(criterion, code)
        answer = Answer.objects.filter(evaluation=current, criterion=criterion).first()
        old = (
            answer.self_option.code if answer and answer.self_option else "",
            answer.self_note if answer else "",
        )
        new = (option.code if option else "", note)
        if old == new:
            return False
        if answer is None:
            answer = Answer(evaluation=current, criterion=criterion)
        answer.self_option = option
        answer.self_note = note
        answer._history_user = user  # type: ignore[attr-defined]
        answer.save()
        record_on(
            current,
            action=Event.SELF_ANSWERED,
            user=user,
            subject=_subject(criterion),
            old=" – ".join(p for p in old if p) or "–",
            new=" – ".join(p for p in new if p) or "–",
        )
    return True


def _require_evidence_right(user: User, agency: Agency) -> None:
    if not (access.can_evaluate(user, agency) or access.can_self_assess(user, agency)):
        raise Refused("Bukti ditambahkan oleh evaluator atau operator perangkat daerah ini.")


def _answer_for(evaluation: Evaluation, criterion: Criterion) -> Answer:
    answer, _ = Answer.objects.get_or_create(evaluation=evaluation, criterion=criterion)
    return answer


def add_evidence_page(
    user: User, evaluation: Evaluation, criterion_id: int, kind: str
) -> EvidenceLink:
    """Link a page sakip holds for the agency (its Renstra, PK, IKU table …) as evidence."""
    _require_evidence_right(user, evaluation.agency)
    if kind not in EvidenceLink.Kind.values or kind == EvidenceLink.Kind.UPLOAD:
        raise Invalid("Pilih jenis bukti dari daftar.")
    with transaction.atomic():
        current = _lock(evaluation)
        criterion = _criterion(current, criterion_id)
        answer = _answer_for(current, criterion)
        if answer.evidence.filter(kind=kind).exists():  # type: ignore[attr-defined]
            raise Invalid("Bukti ini sudah ditautkan pada kriteria ini.")
        link = EvidenceLink.objects.create(answer=answer, kind=kind, added_by=user)
        record_on(
            current,
            action=Event.EVIDENCE_ADDED,
            user=user,
            subject=_subject(criterion),
            new=link.get_kind_display(),
        )
    return link


def add_evidence_file(
    user: User, evaluation: Evaluation, criterion_id: int, upload: UploadedFile
) -> EvidenceLink:
    """Attach an uploaded PDF, JPG or PNG (judged by its content) as evidence."""
    _require_evidence_right(user, evaluation.agency)
    try:
        checked = check_upload(upload)
    except EvidenceError as exc:
        raise Invalid(str(exc)) from exc
    with transaction.atomic():
        current = _lock(evaluation)
        criterion = _criterion(current, criterion_id)
        answer = _answer_for(current, criterion)
        link = EvidenceLink(
            answer=answer,
            kind=EvidenceLink.Kind.UPLOAD,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            added_by=user,
        )
        link.file.save(checked.name, upload, save=False)
        link.save()
        record_on(
            current,
            action=Event.EVIDENCE_ADDED,
            user=user,
            subject=_subject(criterion),
            new=checked.name,
        )
    return link


def remove_evidence(user: User, link: EvidenceLink) -> None:
    evaluation = link.answer.evaluation
    _require_evidence_right(user, evaluation.agency)
    with transaction.atomic():
        current = _lock(evaluation)
        criterion = link.answer.criterion
        shown = str(link)
        file_name = link.file.name if link.file else ""
        link.delete()
        record_on(
            current,
            action=Event.EVIDENCE_REMOVED,
            user=user,
            subject=_subject(criterion),
            old=shown,
        )
        if file_name:
            storage = link.file.storage
            transaction.on_commit(lambda: storage.delete(file_name))


def save_review(
    user: User, evaluation: Evaluation, component_id: int, *, findings: str, recommendations: str
) -> bool:
    """The evaluator's findings and recommendations on one component (printed in the LHE)."""
    if not access.can_evaluate(user, evaluation.agency):
        raise Refused("Hanya evaluator (Inspektorat) yang dapat menulis catatan dan rekomendasi.")
    findings, recommendations = findings.strip(), recommendations.strip()
    with transaction.atomic():
        current = _lock(evaluation)
        component = Component.objects.filter(pk=component_id, template=current.template_id).first()
        if component is None:
            raise NotFound("Komponen ini tidak termasuk templat evaluasi ini.")
        review, _ = ComponentReview.objects.get_or_create(evaluation=current, component=component)
        if (review.findings, review.recommendations) == (findings, recommendations):
            return False
        old = f"Catatan: {review.findings}\nRekomendasi: {review.recommendations}"
        review.findings, review.recommendations = findings, recommendations
        review._history_user = user  # type: ignore[attr-defined]
        review.save()
        record_on(
            current,
            action=Event.REVIEW_CHANGED,
            user=user,
            subject=f"Komponen {component.number}. {component.name}",
            old=old,
            new=f"Catatan: {findings}\nRekomendasi: {recommendations}",
        )
    return True


DETAIL_FIELDS = (
    "summary",
    "signatory_name",
    "signatory_title",
    "signatory_pangkat",
    "signatory_nip",
)


def save_details(
    user: User,
    evaluation: Evaluation,
    *,
    grade_indicator_id: int | None,
    report_date: datetime.date | None,
    **texts: str,
) -> bool:
    """The LHE's general conclusion, signatory and date, and the agency's indicator
    measured by the grade."""
    if not access.can_evaluate(user, evaluation.agency):
        raise Refused("Hanya evaluator (Inspektorat) yang dapat mengubah data evaluasi.")
    with transaction.atomic():
        current = _lock(evaluation)
        indicator = None
        if grade_indicator_id is not None:
            indicator = Indicator.objects.filter(
                pk=grade_indicator_id, agency=current.agency
            ).first()
            if indicator is None:
                raise NotFound("Indikator itu bukan indikator perangkat daerah ini.")
        changes: list[str] = []
        for name in DETAIL_FIELDS:
            value = texts.get(name, "").strip()
            if getattr(current, name) != value:
                setattr(current, name, value)
                changes.append(str(Evaluation._meta.get_field(name).verbose_name))
        if current.report_date != report_date:
            current.report_date = report_date
            changes.append("tanggal LHE")
        if current.grade_indicator_id != (indicator.pk if indicator else None):
            current.grade_indicator = indicator
            changes.append("indikator yang diukur")
        if not changes:
            return False
        current._history_user = user  # type: ignore[attr-defined]
        current.save()
        record_on(
            current,
            action=Event.DETAILS_CHANGED,
            user=user,
            subject=str(current),
            new=", ".join(changes),
        )
    return True


def finalize(user: User, evaluation: Evaluation) -> worksheet.Worksheet:
    """Make the evaluation final (read-only): every criterion answered, the template's
    weights adding up. The grade then becomes the realisasi of the agency's indicator
    that measures it, if one is chosen."""
    if not access.can_evaluate(user, evaluation.agency):
        raise Refused("Hanya evaluator (Inspektorat) yang dapat memfinalkan evaluasi.")
    with transaction.atomic():
        current = _lock(evaluation)
        sheet = worksheet.load(current)
        problems = sheet.data.weight_problems
        if problems:
            raise Refused("Bobot templat evaluasi belum benar.", problems)
        if not sheet.score.complete:
            raise Refused(
                f"Masih ada {sheet.missing} kriteria yang belum dijawab evaluator; evaluasi "
                "belum dapat difinalkan."
            )
        return make_final(current, sheet, user)


def make_final(
    evaluation: Evaluation, sheet: worksheet.Worksheet, user: User | None, name: str = ""
) -> worksheet.Worksheet:
    """Mark a checked (complete) evaluation final, inside the caller's transaction, and
    record the grade; ``name`` names the actor when there is no user (the demo)."""
    from django.utils import timezone

    evaluation.state = State.FINAL
    evaluation.finalized_at = timezone.now()
    evaluation.version += 1
    evaluation._history_user = user  # type: ignore[attr-defined]
    evaluation.save()
    grade = sheet.grade.label if sheet.grade else "–"
    record_on(
        evaluation,
        action=Event.FINALIZED,
        user=user,
        name=name,
        subject=str(evaluation),
        new=f"{show_score(sheet.score.total)} ({grade})",
    )
    if evaluation.grade_indicator_id is not None and sheet.grade is not None:
        record_grade(evaluation, sheet.score.total, sheet.grade.label, user, name)
    sheet.evaluation = evaluation
    return sheet


def record_grade(
    evaluation: Evaluation, total: Decimal, grade: str, user: User | None, name: str = ""
) -> Actual:
    """Write the grade as the year's realisasi (quarter 0: one figure a year) of the
    indicator that measures it (seed 003 Table 7 row 1, "Nilai Evaluasi SAKIP dari
    APIP"): the text is the grade, the value the total score. The change is recorded in
    the measurement event log and in the realisasi's history, like any other realisasi."""
    indicator = Indicator.objects.get(pk=evaluation.grade_indicator_id)
    agency = evaluation.agency
    explanation = f"Hasil evaluasi SAKIP oleh APIP tahun {evaluation.year} (LKE final)."
    actual = (
        Actual.objects.select_for_update()
        .filter(indicator=indicator, year=evaluation.year, quarter=0)
        .first()
    )
    old = measurement_actions.show_k(actual.value, actual.text) if actual else "–"
    old_text = actual.text if actual else ""
    if actual is None:
        actual = Actual(indicator=indicator, year=evaluation.year, quarter=0)
    else:
        actual.version += 1
    actual.value = total
    actual.text = grade
    actual.explanation = explanation
    actual.updated_by = user
    actual._history_user = user  # type: ignore[attr-defined]
    actual._change_reason = "hasil evaluasi SAKIP"  # type: ignore[attr-defined]
    actual.save()
    actual.refresh_from_db()
    new = f"{grade} ({show_score(total)})"
    subject = f"Realisasi tahun {evaluation.year}: {indicator.name}"
    MeasurementEvent.objects.create(
        pemda_id=agency.pemda_id,
        agency=agency,
        year=evaluation.year,
        quarter=0,
        action=MeasurementEvent.Action.VALUE_CHANGED,
        subject=subject[:400],
        indicator=indicator,
        old_value=f"{old_text} ({old})" if old_text and old_text != old else old,
        new_value=new,
        reason="Nilai evaluasi SAKIP yang final",
        actor=user,
        actor_name=name or actor_name(user),
    )
    record(
        pemda=agency.pemda_id,
        agency=agency,
        evaluation=evaluation,
        action=Event.GRADE_RECORDED,
        user=user,
        name=name,
        year=evaluation.year,
        subject=subject,
        old=old,
        new=new,
    )
    return actual


def reopen(user: User, evaluation: Evaluation, reason: str) -> None:
    """Return a final evaluation to draft (the admin of the Pemda, with a reason). The
    realisasi already written stays until the evaluation is final again."""
    if not access.can_reopen(user, evaluation.agency):
        raise Refused("Hanya admin pemerintah daerah yang dapat membuka kembali evaluasi final.")
    reason = reason.strip()
    if not reason:
        raise Invalid("Tuliskan alasan membuka kembali evaluasi ini.")
    with transaction.atomic():
        current = (
            Evaluation.objects.select_for_update().select_related("agency").get(pk=evaluation.pk)
        )
        if not current.is_final:
            raise Refused("Evaluasi ini masih draf.")
        current.state = State.DRAFT
        current.finalized_at = None
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = reason[:100]  # type: ignore[attr-defined]
        current.save()
        record_on(
            current,
            action=Event.REOPENED,
            user=user,
            subject=str(current),
            reason=reason,
        )
