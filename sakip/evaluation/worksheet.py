"""The figures layer of the evaluation: a template, an evaluation's worksheet, or a
Pemda's recap, each loaded in a fixed number of queries into plain data and scored by
sakip.rules.lke."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.evaluation.models import (
    Answer,
    AnswerOption,
    AnswerScale,
    Component,
    ComponentReview,
    Criterion,
    Evaluation,
    EvidenceLink,
    SubComponent,
    Template,
    scale_to_rules,
)
from sakip.organisation.models import Agency, Pemda, RatingBand
from sakip.rules import lke as rules
from sakip.rules.ratings import Band
from sakip.rules.ratings import RatingScale as RulesScale


@dataclass
class CriterionData:
    criterion: Criterion
    options: list[AnswerOption]
    answer: Answer | None = None
    evidence: list[EvidenceLink] = field(default_factory=list)
    #: Each evidence with the address it leads to (filled by the page).
    links: list[tuple[EvidenceLink, str]] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.answer.option.code if self.answer and self.answer.option else None

    @property
    def self_code(self) -> str | None:
        if self.answer and self.answer.self_option:
            return self.answer.self_option.code
        return None

    @property
    def value(self) -> Decimal | None:
        return self.answer.option.value if self.answer and self.answer.option else None


@dataclass
class SubData:
    sub: SubComponent
    criteria: list[CriterionData]
    score: rules.SubScore | None = None
    self_score: rules.SubScore | None = None


@dataclass
class ComponentData:
    component: Component
    subs: list[SubData]
    score: rules.ComponentScore | None = None
    self_score: rules.ComponentScore | None = None
    review: ComponentReview | None = None


@dataclass
class TemplateData:
    template: Template
    components: list[ComponentData]
    scales: list[AnswerScale]
    grade_scale: RulesScale
    rules_template: rules.Template

    @property
    def weight_problems(self) -> list[str]:
        return rules.weight_problems(self.rules_template)

    @property
    def criteria(self) -> list[CriterionData]:
        return [c for comp in self.components for s in comp.subs for c in s.criteria]


def load_templates(template_ids: Iterable[int]) -> dict[int, TemplateData]:
    """Six queries whatever the number of templates and criteria: templates with their
    grade scale, bands, scales with options, components, sub-components, criteria."""
    ids = list(set(template_ids))
    if not ids:
        return {}
    templates = {t.pk: t for t in Template.objects.filter(pk__in=ids).select_related("grade_scale")}
    bands: dict[int, list[RatingBand]] = defaultdict(list)
    for band in RatingBand.objects.filter(scale__in={t.grade_scale_id for t in templates.values()}):
        bands[band.scale_id].append(band)
    scales: dict[int, AnswerScale] = {}
    options: dict[int, list[AnswerOption]] = defaultdict(list)
    for option in (
        AnswerOption.objects.filter(scale__template__in=ids)
        .select_related("scale")
        .order_by("scale_id", "order")
    ):
        scales[option.scale_id] = option.scale
        options[option.scale_id].append(option)
    rule_scales = {pk: scale_to_rules(scales[pk], options[pk]) for pk in scales}
    components: dict[int, list[ComponentData]] = defaultdict(list)
    by_component: dict[int, ComponentData] = {}
    for component in Component.objects.filter(template__in=ids).order_by("order", "pk"):
        data = ComponentData(component, [])
        components[component.template_id].append(data)
        by_component[component.pk] = data
    by_sub: dict[int, SubData] = {}
    for sub in SubComponent.objects.filter(component__template__in=ids).order_by("order", "pk"):
        sub_data = SubData(sub, [])
        by_component[sub.component_id].subs.append(sub_data)
        by_sub[sub.pk] = sub_data
    for criterion in Criterion.objects.filter(subcomponent__component__template__in=ids).order_by(
        "order", "pk"
    ):
        by_sub[criterion.subcomponent_id].criteria.append(
            CriterionData(criterion, options[criterion.scale_id])
        )
    result: dict[int, TemplateData] = {}
    for pk, template in templates.items():
        comps = components[pk]
        rules_template = rules.Template(
            tuple(
                rules.Component(
                    c.component.pk,
                    c.component.name,
                    Decimal(c.component.weight),
                    tuple(
                        rules.SubComponent(
                            s.sub.pk,
                            f"{s.sub.number} {s.sub.name}",
                            Decimal(s.sub.weight),
                            tuple(
                                rules.Criterion(cd.criterion.pk, rule_scales[cd.criterion.scale_id])
                                for cd in s.criteria
                            ),
                        )
                        for s in c.subs
                    ),
                )
                for c in comps
            )
        )
        result[pk] = TemplateData(
            template=template,
            components=comps,
            scales=sorted(
                (s for s in scales.values() if s.template_id == pk), key=lambda s: s.code
            ),
            grade_scale=template.grade_scale.to_rules(bands[template.grade_scale_id]),
            rules_template=rules_template,
        )
    return result


def load_template(template: Template) -> TemplateData:
    return load_templates([template.pk])[template.pk]


@dataclass
class Worksheet:
    evaluation: Evaluation
    data: TemplateData
    score: rules.LkeScore
    self_score: rules.LkeScore
    grade: Band | None
    self_grade: Band | None

    @property
    def components(self) -> list[ComponentData]:
        return self.data.components

    @property
    def missing(self) -> int:
        return self.score.criteria - self.score.answered


def _score(data: TemplateData, codes: dict[int, str | None]) -> rules.LkeScore:
    return rules.score(data.rules_template, codes)


def build(evaluation: Evaluation, data: TemplateData, answers: list[Answer]) -> Worksheet:
    by_criterion = {a.criterion_id: a for a in answers}
    for cd in data.criteria:
        cd.answer = by_criterion.get(cd.criterion.pk)
        cd.evidence = []
    codes = {cd.criterion.pk: cd.code for cd in data.criteria}
    self_codes = {cd.criterion.pk: cd.self_code for cd in data.criteria}
    score = _score(data, codes)
    self_score = _score(data, self_codes)
    for comp in data.components:
        comp.score = score.component(comp.component.pk)
        comp.self_score = self_score.component(comp.component.pk)
        for sub in comp.subs:
            sub.score = score.subcomponent(sub.sub.pk)
            sub.self_score = self_score.subcomponent(sub.sub.pk)
    return Worksheet(
        evaluation=evaluation,
        data=data,
        score=score,
        self_score=self_score,
        grade=data.grade_scale.rate(score.total),
        self_grade=data.grade_scale.rate(self_score.total) if self_score.answered else None,
    )


def load(evaluation: Evaluation) -> Worksheet:
    """An evaluation's worksheet in eleven queries whatever its size: the template (six),
    answers with their options, evidence, the component reviews."""
    data = load_template(evaluation.template)
    answers = list(
        Answer.objects.filter(evaluation=evaluation).select_related("option", "self_option")
    )
    sheet = build(evaluation, data, answers)
    by_answer: dict[int, list[EvidenceLink]] = defaultdict(list)
    for link in EvidenceLink.objects.filter(answer__evaluation=evaluation).order_by(
        "added_at", "pk"
    ):
        by_answer[link.answer_id].append(link)
    for cd in data.criteria:
        if cd.answer is not None:
            cd.evidence = by_answer.get(cd.answer.pk, [])
    reviews = {r.component_id: r for r in ComponentReview.objects.filter(evaluation=evaluation)}
    for comp in data.components:
        comp.review = reviews.get(comp.component.pk)
    return sheet


@dataclass
class RecapRow:
    agency: Agency
    evaluation: Evaluation | None
    total: Decimal | None
    grade: Band | None
    complete: bool
    previous_total: Decimal | None
    previous_grade: Band | None
    change: Decimal | None


@dataclass
class Recap:
    pemda: Pemda
    year: int
    rows: list[RecapRow]


def load_recap(pemda: Pemda, year: int, *, include_drafts: bool) -> Recap:
    """Every agency of the Pemda with its score and grade of ``year`` and the change
    from the year before, in a fixed number of queries: agencies, evaluations of both
    years, their answers (with options), the templates (six).
    Drafts count only with ``include_drafts`` (the evaluators and the admin)."""
    agencies = list(Agency.objects.filter(pemda=pemda).order_by("name"))
    evaluations = list(
        Evaluation.objects.filter(agency__pemda=pemda, year__in=(year, year - 1)).select_related(
            "agency"
        )
    )
    if not include_drafts:
        evaluations = [e for e in evaluations if e.is_final]
    answers: dict[int, list[Answer]] = defaultdict(list)
    for answer in Answer.objects.filter(evaluation__in=[e.pk for e in evaluations]).select_related(
        "option"
    ):
        answers[answer.evaluation_id].append(answer)
    templates = load_templates(e.template_id for e in evaluations)
    scored: dict[tuple[int, int], tuple[Evaluation, rules.LkeScore, Band | None]] = {}
    for evaluation in evaluations:
        data = templates[evaluation.template_id]
        by_criterion = {a.criterion_id: a for a in answers[evaluation.pk]}
        codes = {
            cd.criterion.pk: (
                by_criterion[cd.criterion.pk].option.code  # type: ignore[union-attr]
                if cd.criterion.pk in by_criterion and by_criterion[cd.criterion.pk].option_id
                else None
            )
            for cd in data.criteria
        }
        result = _score(data, codes)
        scored[(evaluation.agency_id, evaluation.year)] = (
            evaluation,
            result,
            data.grade_scale.rate(result.total),
        )
    rows: list[RecapRow] = []
    for agency in agencies:
        current = scored.get((agency.pk, year))
        previous = scored.get((agency.pk, year - 1))
        total = current[1].total if current else None
        previous_total = previous[1].total if previous else None
        rows.append(
            RecapRow(
                agency=agency,
                evaluation=current[0] if current else None,
                total=total,
                grade=current[2] if current else None,
                complete=bool(current and current[1].complete),
                previous_total=previous_total,
                previous_grade=previous[2] if previous else None,
                change=rules.change(total, previous_total),
            )
        )
    return Recap(pemda=pemda, year=year, rows=rows)
