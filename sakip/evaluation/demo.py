"""The demo's SAKIP evaluations (demo/<pemda>/lke_<year>.yaml, described in
demo/SCHEMA.md), loaded by sakip.web.demo.load_demo. A final evaluation is finalised
through the same function as the evaluator's button, so its grade becomes the
realisasi of its indicator with the same event log."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.db import transaction

from sakip.evaluation import actions, shipped, worksheet
from sakip.evaluation.models import (
    Answer,
    ComponentReview,
    Evaluation,
    EvaluationEvent,
    EvidenceLink,
    Template,
)
from sakip.organisation.models import Agency, Pemda
from sakip.planning.models import Indicator

#: The demo is loaded by no user: events name this.
DEMO_ACTOR = "Data demo (Inspektorat)"


class DemoRegistry(Protocol):
    pemda: Pemda
    agencies: dict[str, Agency]

    def indicator(self, agency: str, key: str | None) -> Indicator | None: ...


def _problem(path: Path, message: str) -> ValueError:
    return ValueError(f"{path}: {message}")


@transaction.atomic
def load_evaluation(reg: DemoRegistry, path: Path, data: dict[str, Any]) -> Evaluation:
    spec = data["evaluation"]
    agency_key = spec["agency"]
    agency = reg.agencies.get(agency_key)
    if agency is None:
        raise _problem(path, f"unknown agency {agency_key!r}")
    year = int(spec["year"])
    shipped.ship(apps.get_model)  # a no-op unless a flush removed the migration's rows
    template = (
        Template.objects.filter(
            pemda=None, code=spec.get("template") or "permenpanrb-88-2021"
        ).first()
        or Template.objects.filter(pemda=reg.pemda, year=year).first()
    )
    if template is None:
        raise _problem(path, f"unknown template {spec.get('template')!r}")
    indicator = reg.indicator(agency_key, spec.get("grade_indicator"), year)
    if spec.get("grade_indicator") and indicator is None:
        raise _problem(path, f"unknown indicator {spec['grade_indicator']!r}")
    signatory = spec.get("signatory") or {}
    report_date = spec.get("report_date")
    evaluation = Evaluation.objects.create(
        agency=agency,
        year=year,
        template=template,
        grade_indicator=indicator,
        summary=spec.get("summary") or "",
        signatory_name=signatory.get("name") or "",
        signatory_title=signatory.get("title") or "",
        signatory_pangkat=signatory.get("pangkat") or "",
        signatory_nip=str(signatory.get("nip") or ""),
        report_date=(
            report_date
            if isinstance(report_date, datetime.date) or report_date is None
            else datetime.date.fromisoformat(str(report_date))
        ),
    )
    EvaluationEvent.objects.create(
        pemda=reg.pemda,
        agency=agency,
        evaluation=evaluation,
        year=year,
        action=EvaluationEvent.Action.CREATED,
        subject=str(evaluation),
        actor_name=DEMO_ACTOR,
    )
    data_template = worksheet.load_template(template)
    # A sub-component numbered "1.a" names its criteria "1.a.1", "1.a.2" …
    criteria = {
        f"{sub.sub.number}.{cd.criterion.number}": cd
        for comp in data_template.components
        for sub in comp.subs
        for cd in sub.criteria
    }
    answers: dict[str, Answer] = {}
    for key, row in (spec.get("answers") or {}).items():
        cd = criteria.get(str(key))
        if cd is None:
            raise _problem(path, f"unknown criterion {key!r}")
        code, note, self_code = [*row, "", "", ""][:3]
        options = {o.code: o for o in cd.options}
        for given in (code, self_code):
            if given and given not in options:
                raise _problem(path, f"criterion {key}: {given!r} is not an answer of its scale")
        answers[str(key)] = Answer(
            evaluation=evaluation,
            criterion=cd.criterion,
            option=options.get(code or ""),
            note=note or "",
            self_option=options.get(self_code or ""),
        )
    Answer.objects.bulk_create(answers.values())
    saved = {a.criterion_id: a for a in Answer.objects.filter(evaluation=evaluation)}
    links: list[EvidenceLink] = []
    for key, kinds in (spec.get("evidence") or {}).items():
        cd = criteria.get(str(key))
        if cd is None:
            raise _problem(path, f"evidence for unknown criterion {key!r}")
        answer = saved.get(cd.criterion.pk) or Answer.objects.create(
            evaluation=evaluation, criterion=cd.criterion
        )
        for kind in kinds:
            if kind not in EvidenceLink.Kind.values or kind == EvidenceLink.Kind.UPLOAD:
                raise _problem(path, f"criterion {key}: unknown evidence page {kind!r}")
            links.append(EvidenceLink(answer=answer, kind=kind))
    EvidenceLink.objects.bulk_create(links)
    components = {c.component.number: c.component for c in data_template.components}
    reviews = []
    for number, review in (spec.get("reviews") or {}).items():
        component = components.get(str(number))
        if component is None:
            raise _problem(path, f"review of unknown component {number!r}")
        reviews.append(
            ComponentReview(
                evaluation=evaluation,
                component=component,
                findings=review.get("findings") or "",
                recommendations=review.get("recommendations") or "",
            )
        )
    ComponentReview.objects.bulk_create(reviews)
    if spec.get("state") == "final":
        sheet = worksheet.load(evaluation)
        if not sheet.score.complete or sheet.data.weight_problems:
            raise _problem(path, "a final evaluation must answer every criterion")
        actions.make_final(evaluation, sheet, None, DEMO_ACTOR)
    return evaluation


def load_lke(reg: DemoRegistry, path: Path) -> Evaluation:
    from sakip.web.demo import read  # the demo's strict YAML reader

    return load_evaluation(reg, path, read(path))
