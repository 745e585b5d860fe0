"""Indicators real Pemdas have (issue 9 item 5) at entry: a reduction indicator whose
realisasi may be negative, a grade indicator measured on its grade scale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from sakip.measurement import actions
from sakip.measurement.models import Actual
from sakip.measurement.tests.helpers import World, quarter_url
from sakip.planning.models import IndicatorTarget

pytestmark = pytest.mark.django_db


def save(world: World, raw: str, *, version: int = 0, quarter: int = 4, explanation: str = ""):
    return actions.save_actual(
        world.operator,
        world.agency,
        world.year,
        quarter,
        world.indicator.pk,
        raw=raw,
        explanation=explanation,
        version=version,
    )


def client_for(world: World) -> Client:
    client = Client()
    client.force_login(world.operator)
    return client


def make_grade_indicator(world: World, target: str = "BB") -> None:
    indicator = world.indicator
    indicator.name = "Nilai Evaluasi SAKIP dari APIP"
    indicator.unit = "predikat"
    indicator.quarter_combine = "last"
    indicator.save()
    IndicatorTarget.objects.filter(indicator=indicator).update(text=target, value=None)


# --------------------------------------------------------------- negative realisasi


def test_a_negative_realisasi_is_refused_where_the_indicator_does_not_allow_it(world):
    with pytest.raises(actions.Invalid) as refused:
        save(world, "-5")
    assert "nilai negatif (-5) tidak lazim" in refused.value.message
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_a_reduction_indicator_takes_a_negative_realisasi_with_a_warning(world):
    world.indicator.allows_negative_actual = True
    world.indicator.save()
    assert save(world, "-5", explanation="Angka kemiskinan justru naik.").changed
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    assert figure.value == Decimal(-5)

    html = client_for(world).get(quarter_url("measurement_quarter", world.agency, 2024, 4))
    page = html.content.decode()
    assert "Realisasi: nilai negatif (-5) diizinkan untuk indikator ini" in page
    assert "mx-msg-warning" in page
    # The capaian is 0 with the rule's note, not a negative percentage.
    assert "0,00%" in page
    assert "Realisasi negatif (kondisi memburuk): capaian dihitung 0" in page


def test_the_preview_warns_about_a_negative_realisasi_typed(world):
    world.indicator.allows_negative_actual = True
    world.indicator.save()
    url = quarter_url("measurement_preview_k", world.agency, 2024, 4, world.indicator.pk)
    html = client_for(world).get(url, {"value": "-2,5"}).content.decode()
    assert "nilai negatif (-2,5) diizinkan" in html
    assert "mx-msg-error" not in html


# --------------------------------------------------------------- grades


def test_a_grade_realisasi_is_measured_against_a_grade_target_with_its_message(world):
    make_grade_indicator(world)
    assert save(world, "b").changed  # typed in lower case, stored as the grade
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    assert (figure.value, figure.text) == (None, "B")

    page = (
        client_for(world)
        .get(quarter_url("measurement_quarter", world.agency, 2024, 4))
        .content.decode()
    )
    assert "87,50%" in page  # nilai 70 ÷ 80
    assert "Realisasi B (nilai 70) dibanding target BB (nilai 80)" in page
    assert "70 ÷ 80 × 100" in page


def test_typing_a_grade_shows_its_capaian_before_saving(world):
    make_grade_indicator(world)
    url = quarter_url("measurement_preview_k", world.agency, 2024, 4, world.indicator.pk)
    html = client_for(world).get(url, {"value": "A"}).content.decode()
    assert "112,50%" in html  # 90 ÷ 80
    assert "Realisasi A (nilai 90)" in html
    assert '-upto" hx-swap-oob="innerHTML">A<' in html  # the grade to date


def test_a_grade_is_refused_where_the_target_is_a_number(world):
    with pytest.raises(actions.Invalid) as refused:
        save(world, "BB")
    assert "adalah predikat; indikator ini diisi dengan angka" in refused.value.message


def test_the_latest_grade_of_the_year_is_the_one_measured(world):
    make_grade_indicator(world)
    save(world, "CC", quarter=2)
    url = quarter_url("measurement_preview_k", world.agency, 2024, 4, world.indicator.pk)
    html = client_for(world).get(url, {"value": "BB"}).content.decode()
    assert "100,00%" in html
