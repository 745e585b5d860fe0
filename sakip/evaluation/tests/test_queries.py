"""The worksheet, the LHE and the recap run a fixed number of queries whatever the
number of criteria, answers, evidence and agencies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.evaluation import actions
from sakip.evaluation.models import Criterion, EvidenceLink, Template
from sakip.evaluation.tests.conftest import answer_all, criteria_of
from sakip.organisation.models import Agency

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(template: Template, extra: int) -> None:
    """More criteria in every sub-component of the template."""
    subs = list(template.components.all().prefetch_related("subcomponents__criteria"))
    rows = []
    for component in subs:
        for sub in component.subcomponents.all():
            scale = sub.criteria.all()[0].scale_id
            rows += [
                Criterion(
                    subcomponent=sub,
                    order=100 + i,
                    number=str(100 + i),
                    text=f"Tambahan {i}",
                    scale_id=scale,
                )
                for i in range(extra)
            ]
    Criterion.objects.bulk_create(rows)


@pytest.mark.parametrize("persona", ["inspektorat", "operator_a"])
def test_the_worksheet_page_and_the_lhe_run_a_fixed_number_of_queries(
    login, paser, kesbangpol, evaluator, operator, persona
):
    template = actions.copy_template(evaluator, paser, 2021, Template.objects.get(pemda=None))
    evaluation = actions.start_evaluation(evaluator, kesbangpol, 2021)
    answer_all(evaluation, evaluator, "B")
    client = login(persona)
    urls = [
        f"/opd/{kesbangpol.pk}/evaluasi-sakip/2021/",
        f"/opd/{kesbangpol.pk}/evaluasi-sakip/2021/lhe/?format=docx",
    ]
    if persona == "operator_a":
        urls = urls[:1]
    before = [_count(client, url) for url in urls]
    _grow(template, 4)
    answer_all(evaluation, evaluator, "A")
    for criterion in criteria_of(evaluation)[:10]:
        actions.add_evidence_page(evaluator, evaluation, criterion.pk, "renstra")
        actions.add_evidence_page(evaluator, evaluation, criterion.pk, "iku")
    assert EvidenceLink.objects.filter(answer__evaluation=evaluation).count() == 20
    assert [_count(client, url) for url in urls] == before


def test_the_recap_runs_a_fixed_number_of_queries(login, paser, kesbangpol, evaluator):
    client = login("inspektorat")
    url = "/evaluasi-sakip/2023/"
    before = [_count(client, url), _count(client, url + "?format=xlsx")]
    for i in range(4):
        agency = Agency.objects.create(pemda=paser, code=f"dinas-{i}", name=f"Dinas {i}")
        for year in (2022, 2023):
            evaluation = actions.start_evaluation(evaluator, agency, year)
            answer_all(evaluation, evaluator, "BB")
    copy = actions.copy_template(evaluator, paser, 2022, Template.objects.get(pemda=None))
    other = Agency.objects.create(pemda=paser, code="dinas-x", name="Dinas X")
    answer_all(actions.start_evaluation(evaluator, other, 2022), evaluator, "A")
    assert copy.evaluations.count() == 1
    assert [_count(client, url), _count(client, url + "?format=xlsx")] == before
