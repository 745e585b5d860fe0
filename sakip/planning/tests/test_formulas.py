"""Indicator formulas are read by the rules' safe evaluator wherever they are saved,
and the pages show what a formula computes from (DOMAIN §3, ENGINEERING "Formulas")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse

from sakip.planning.admin import IndicatorForm
from sakip.planning.models import Indicator
from sakip.rules import formula as formula_rules
from sakip.web.demo import DEMO_DIR, read

pytestmark = pytest.mark.django_db


def _konflik(kesbangpol) -> Indicator:
    return Indicator.objects.get(agency=kesbangpol, code="konflik")


def test_a_formula_the_evaluator_cannot_read_is_refused_with_its_indonesian_message(kesbangpol):
    indicator = _konflik(kesbangpol)
    indicator.formula = "resolved ** 2"
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["formula"] == [
        "Operator tidak diizinkan; gunakan hanya + - × ÷ (pangkat ** dan // tidak boleh)."
    ]


def test_a_formula_that_tries_to_reach_python_is_refused(kesbangpol):
    indicator = _konflik(kesbangpol)
    indicator.formula = "__import__('os').system('true')"
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "formula" in caught.value.message_dict


def test_a_variable_used_by_the_formula_must_be_described(kesbangpol):
    indicator = _konflik(kesbangpol)
    indicator.formula = "resolved / reported * 100"
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert caught.value.message_dict["variables"] == [
        "Variabel “reported” dipakai dalam rumus tetapi belum diberi keterangan."
    ]


def _form_data(indicator: Indicator, **changes: object) -> dict[str, object]:
    data = {k: v for k, v in model_to_dict(indicator).items() if v is not None}
    data["variables"] = json.dumps(indicator.variables)
    data.update(changes)
    return data


def test_the_admin_form_shows_the_evaluators_message_at_the_formula_field(kesbangpol):
    indicator = _konflik(kesbangpol)
    form = IndicatorForm(
        data=_form_data(indicator, formula="resolved / (total"), instance=indicator
    )
    assert not form.is_valid()
    assert form.errors["formula"] == ["Penulisan rumus tidak sah (periksa kurung dan operator)."]


def test_the_admin_form_accepts_a_readable_formula(kesbangpol):
    indicator = _konflik(kesbangpol)
    form = IndicatorForm(
        data=_form_data(indicator, formula=" resolved ÷ total × 100 "), instance=indicator
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["formula"] == "resolved ÷ total × 100"


def _demo_formulas() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("formula"), str):
                found.append((where, node["formula"]))
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted(Path(DEMO_DIR).glob("*/*.yaml")):
        walk(read(path), str(path.relative_to(DEMO_DIR)))
    return found


def test_every_formula_in_the_demo_data_parses_and_names_described_variables():
    formulas = _demo_formulas()
    assert len(formulas) >= 10
    for where, text in formulas:
        assert formula_rules.variables_of(text), where
    for indicator in Indicator.objects.exclude(formula=""):
        indicator.full_clean()  # the model's own check, as every save path runs it
        assert indicator.formula_variables, indicator


def test_the_renstra_page_lists_each_formula_with_its_variables(login, kesbangpol):
    page = login("operator_a").get(reverse("renstra", args=[kesbangpol.pk])).content.decode()
    assert "Rumus: resolved / total × 100 — variabel: resolved, total" in page
    assert "Rumus: active / registered × 100 — variabel: active, registered" in page
