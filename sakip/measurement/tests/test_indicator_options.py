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


# --------------------------------------------------------------- formula inputs


def make_formula_indicator(world: World, formula: str, variables: dict[str, str]) -> None:
    indicator = world.indicator
    indicator.formula = formula
    indicator.variables = variables
    indicator.quarter_combine = "last"
    indicator.full_clean()
    indicator.save()
    IndicatorTarget.objects.filter(indicator=indicator).update(text="80", value=Decimal(80))


RATIO = "resolved / total * 100"
RATIO_VARIABLES = {"resolved": "Konflik yang terselesaikan", "total": "Konflik yang ada"}


def save_inputs(world: World, typed: dict[str, str], *, version: int = 0, user=None):
    return actions.save_actual(
        user or world.operator,
        world.agency,
        world.year,
        4,
        world.indicator.pk,
        raw="",
        explanation="Penjelasan bila capaiannya rendah.",
        version=version,
        formula_inputs=typed,
    )


def test_the_realisasi_of_a_formula_indicator_is_computed_from_its_inputs_and_kept_with_them(
    world,
):
    from sakip.measurement.models import MeasurementEvent

    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    assert save_inputs(world, {"resolved": "12", "total": "15"}).changed
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    assert figure.value == 80
    assert figure.inputs == {"resolved": "12", "total": "15"}
    event = MeasurementEvent.objects.get(agency=world.agency, action="value_changed")
    assert event.new_value == "80 (resolved = 12; total = 15)"
    # The same inputs again change nothing; new ones are a new version.
    assert not save_inputs(world, {"resolved": "12", "total": "15"}, version=1).changed
    assert save_inputs(world, {"resolved": "9", "total": "15"}, version=1).changed
    figure.refresh_from_db()
    assert (figure.value, figure.version, figure.inputs["resolved"]) == (60, 2, "9")


def test_a_series_variable_gives_the_sample_standard_deviation(world):
    make_formula_indicator(world, "stdev(potentials)", {"potentials": "Angka potensi konflik"})
    assert save_inputs(world, {"potentials": "2; 4; 4; 4; 5; 5; 7; 9"}).changed
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    # Σ(x − 5)² = 32; 32 ÷ 7 = 4,571428…; √ = 2,138089…
    assert figure.value == Decimal("2.138090")
    assert figure.inputs == {"potentials": ["2", "4", "4", "4", "5", "5", "7", "9"]}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"resolved": "12", "total": "abc"}, "Variabel “total”: “abc” bukan angka yang sah"),
        ({"resolved": "12", "total": ""}, "Variabel “total” belum diisi."),
        ({"resolved": "12", "total": "0"}, "Rumus tidak dapat dihitung: Pembagian dengan nol"),
        ({"resolved": "1; 2", "total": "3"}, "Rumus tidak dapat dihitung: Ruas kiri operasi"),
    ],
)
def test_bad_inputs_are_refused_in_indonesian_and_nothing_is_saved(world, typed, message):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    with pytest.raises(actions.Invalid) as refused:
        save_inputs(world, typed)
    assert message in refused.value.message
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_too_few_values_for_a_standard_deviation_are_refused(world):
    make_formula_indicator(world, "stdev(potentials)", {"potentials": "Angka potensi konflik"})
    with pytest.raises(actions.Invalid) as refused:
        save_inputs(world, {"potentials": "4"})
    assert "stdev (simpangan baku sampel) memerlukan sedikitnya 2 nilai" in refused.value.message


def test_a_stale_version_of_the_inputs_is_a_conflict_and_writes_nothing(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    save_inputs(world, {"resolved": "12", "total": "15"})
    save_inputs(world, {"resolved": "6", "total": "15"}, version=1, user=world.operator2)
    with pytest.raises(actions.Conflict) as conflict:
        save_inputs(world, {"resolved": "3", "total": "15"}, version=1)
    assert "40" in conflict.value.message  # what the other operator saved
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    assert (figure.value, figure.inputs["resolved"]) == (40, "6")


def test_the_page_shows_the_inputs_and_the_computation(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    save_inputs(world, {"resolved": "12", "total": "15"})
    page = (
        client_for(world)
        .get(quarter_url("measurement_quarter", world.agency, 2024, 4))
        .content.decode()
    )
    assert "Rumus: resolved ÷ total × 100 = 80 (resolved = 12; total = 15)" in page
    assert 'name="var-resolved"' in page and 'value="12"' in page
    assert "resolved: Konflik yang terselesaikan" in page
    assert "100,00%" in page  # 80 against a target of 80


def test_a_refused_save_keeps_the_typed_inputs_and_says_why(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    url = quarter_url("measurement_save_k", world.agency, 2024, 4, world.indicator.pk)
    response = client_for(world).post(
        url,
        {"version": "0", "value": "", "var-resolved": "12", "var-total": "1,2,3"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Variabel “total”: “1,2,3” bukan angka yang sah" in html
    assert 'value="1,2,3"' in html and 'value="12"' in html
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_typing_the_inputs_previews_the_figure_without_saving(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    url = quarter_url("measurement_preview_k", world.agency, 2024, 4, world.indicator.pk)
    html = client_for(world).get(url, {"var-resolved": "6", "var-total": "8"}).content.decode()
    assert "Rumus: resolved ÷ total × 100 = 75 (resolved = 6; total = 8)" in html
    assert "93,75%" in html  # 75 ÷ 80
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_the_inputs_can_be_left_empty_to_type_the_figure_itself(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    save_inputs(world, {"resolved": "12", "total": "15"})
    assert actions.save_actual(
        world.operator,
        world.agency,
        2024,
        4,
        world.indicator.pk,
        raw="77",
        explanation="",
        version=1,
        formula_inputs={"resolved": "", "total": ""},
    ).changed
    figure = Actual.objects.get(indicator=world.indicator, year=2024, quarter=4)
    assert (figure.value, figure.inputs) == (77, {})


@pytest.mark.parametrize("who", ["operator_of_another_pemda", "verifikator"])
def test_only_the_agencys_operator_may_save_formula_inputs(world, who):
    from sakip.measurement.tests.helpers import make_world

    user = make_world("lain").operator if who == "operator_of_another_pemda" else world.verifikator
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    client = Client()
    client.force_login(user)
    url = quarter_url("measurement_save_k", world.agency, 2024, 4, world.indicator.pk)
    response = client.post(url, {"version": "0", "var-resolved": "12", "var-total": "15"})
    assert response.status_code in (403, 404)
    assert not Actual.objects.filter(indicator=world.indicator).exists()


def test_a_refused_input_is_said_once(world):
    make_formula_indicator(world, RATIO, RATIO_VARIABLES)
    url = quarter_url("measurement_save_k", world.agency, 2024, 4, world.indicator.pk)
    html = (
        client_for(world)
        .post(url, {"version": "0", "var-resolved": "1", "var-total": "0"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert html.count("Pembagian dengan nol") == 1
