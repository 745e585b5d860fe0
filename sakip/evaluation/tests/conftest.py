"""Fixtures of the evaluation tests (evidence goes to the root conftest's temporary
MEDIA_ROOT): a draft evaluation of Kesbangpol Paser for 2022 (the demo's 2023 one is
final), and helpers to answer it."""

from __future__ import annotations

import pytest

from sakip.accounts.models import User
from sakip.evaluation import actions
from sakip.evaluation.models import Criterion, Evaluation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evaluator(paser) -> User:
    return User.objects.get(username="inspektorat.paser")


@pytest.fixture
def admin(paser) -> User:
    return User.objects.get(username="admin.paser")


@pytest.fixture
def operator(paser) -> User:
    return User.objects.get(username="operator.kesbangpol")


@pytest.fixture
def draft(kesbangpol, evaluator) -> Evaluation:
    return actions.start_evaluation(evaluator, kesbangpol, 2022)


@pytest.fixture
def final(kesbangpol) -> Evaluation:
    return Evaluation.objects.get(agency=kesbangpol, year=2023)


def criteria_of(evaluation: Evaluation) -> list[Criterion]:
    return list(
        Criterion.objects.filter(subcomponent__component__template=evaluation.template_id).order_by(
            "subcomponent__component__order", "subcomponent__order", "order"
        )
    )


def answer_all(evaluation: Evaluation, user: User, code: str = "B") -> None:
    for criterion in criteria_of(evaluation):
        actions.save_answer(user, evaluation, criterion.pk, code=code, note="")
