from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.lke import (
    SCALE_AA_E,
    SCALE_Y_T,
    AnswerOption,
    AnswerScale,
    Component,
    Criterion,
    SubComponent,
    Template,
    change,
    score,
    weight_problems,
)
from sakip.rules.ratings import SAKIP_GRADES
from sakip.rules.tests.strategies import RULES

D = Decimal


def sub(key, weight, n, scale=SCALE_AA_E):
    return SubComponent(
        key, f"Sub {key}", D(weight), tuple(Criterion(f"{key}.{i}", scale) for i in range(n))
    )


def component(key, weight, *subs):
    return Component(key, f"Komponen {key}", D(weight), tuple(subs))


def permenpanrb_shape(counts=(5, 1, 1, 3, 1, 1, 6, 1, 1, 1, 1, 1)):
    """The 88/2021 weights (regulations.md §6.1) with the given criteria counts."""
    weights = [
        ("1", "30", ("6", "9", "15")),
        ("2", "30", ("6", "9", "15")),
        ("3", "15", ("3", "4.5", "7.5")),
        ("4", "25", ("5", "7.5", "12.5")),
    ]
    it = iter(counts)
    return Template(
        tuple(
            component(key, w, *(sub(f"{key}.{i}", sw, next(it)) for i, sw in enumerate(subs, 1)))
            for key, w, subs in weights
        )
    )


def test_the_permenpanrb_88_2021_weights_add_up():
    assert weight_problems(permenpanrb_shape()) == []


def test_a_component_whose_sub_components_do_not_add_up_is_reported():
    template = Template(
        (component("1", "60", sub("1.1", "20", 1), sub("1.2", "30", 1)), component("2", "40"))
    )
    problems = weight_problems(template)
    assert "Bobot sub-komponen Komponen 1 berjumlah 50, padahal bobot komponennya 60." in problems
    assert "Komponen Komponen 2 belum memiliki sub-komponen." in problems


def test_components_not_adding_up_to_100_are_reported():
    template = Template((component("1", "99.5", sub("1.1", "99.5", 1)),))
    assert weight_problems(template) == ["Bobot seluruh komponen berjumlah 99,5, seharusnya 100."]


def test_a_sub_component_without_criteria_and_a_negative_weight_are_reported():
    template = Template(
        (component("1", "100", sub("1.1", "110", 0), sub("1.2", "-10", 1)),),
    )
    problems = weight_problems(template)
    assert "Sub-komponen Sub 1.1 belum memiliki kriteria." in problems
    assert "Bobot sub-komponen Sub 1.2 tidak boleh negatif." in problems


def test_the_kesbangpol_2023_answers_score_65_22_exactly_and_grade_b():
    # The demo's answers (demo/paser/lke_2023.yaml): 1.1 BB,B,B,B,B = 6 × 3,6/5 = 4,32 …
    answers = {
        "1.1.0": "BB", "1.1.1": "B", "1.1.2": "B", "1.1.3": "B", "1.1.4": "B",
        "1.2.0": "BB", "1.3.0": "B",
        "2.1.0": "C", "2.1.1": "CC", "2.1.2": "CC", "2.2.0": "CC", "2.3.0": "CC",
        "3.1.0": "AA", "3.1.1": "B", "3.1.2": "CC", "3.1.3": "A", "3.1.4": "AA", "3.1.5": "B",
        "3.2.0": "CC", "3.3.0": "B",
        "4.1.0": "C", "4.2.0": "C", "4.3.0": "B",
    }  # fmt: skip
    result = score(permenpanrb_shape(), answers)
    assert result.subcomponent("1.1").score == D("4.32")
    assert result.subcomponent("3.1").score == D("2.45")
    assert result.component("1").score == D("22.02")
    assert result.component("4").score == D("15")
    assert result.total == D("65.22")
    assert result.complete
    assert SAKIP_GRADES.rate(result.total).label == "B"


def test_an_unanswered_criterion_counts_nothing_and_leaves_the_score_incomplete():
    template = Template((component("1", "100", sub("1.1", "100", 4, SCALE_Y_T)),))
    result = score(template, {"1.1.0": "Y", "1.1.1": "Y", "1.1.2": "T"})
    assert result.total == D(50)
    assert result.answered == 3 and result.criteria == 4
    assert not result.complete
    assert not result.subcomponent("1.1").complete


def test_a_mean_of_three_is_kept_unrounded():
    template = Template((component("1", "100", sub("1.1", "100", 3, SCALE_Y_T)),))
    result = score(template, {"1.1.0": "Y"})
    assert result.total != D("33.33")
    assert abs(result.total - D(100) / D(3)) < D("1e-40")


def test_an_answer_outside_the_scale_is_refused_in_indonesian():
    template = Template((component("1", "100", sub("1.1", "100", 1, SCALE_Y_T)),))
    with pytest.raises(ValueError, match="Jawaban “AA” tidak dikenal pada skala Ya/Tidak"):
        score(template, {"1.1.0": "AA"})


def test_an_answer_value_must_be_a_share_of_the_weight():
    with pytest.raises(ValueError, match="antara 0 dan 1"):
        AnswerOption("X", "x", D("1.5"))
    with pytest.raises(ValueError, match="tidak boleh berulang"):
        AnswerScale("s", "S", (AnswerOption("Y", "", D(1)), AnswerOption("Y", "", D(0))))
    with pytest.raises(TypeError):
        AnswerOption("X", "x", 0.5)  # type: ignore[arg-type]


def test_the_shipped_aa_e_scale_follows_the_table_of_values():
    assert [(o.code, o.value) for o in SCALE_AA_E.options] == [
        ("AA", D(1)),
        ("A", D("0.9")),
        ("BB", D("0.8")),
        ("B", D("0.7")),
        ("CC", D("0.6")),
        ("C", D("0.5")),
        ("D", D("0.3")),
        ("E", D(0)),
    ]


def test_the_change_from_last_year():
    assert change(D("65.22"), D("60.10")) == D("5.12")
    assert change(D("65.22"), None) is None


# --------------------------------------------------------------------------- properties

codes = st.sampled_from([o.code for o in SCALE_AA_E.options] + [None])
COUNTS = (5, 1, 1, 3, 1, 1, 6, 1, 1, 1, 1, 1)
KEYS = [f"{c}.{s}.{i}" for c, s, n in [
    (c, s, n) for (c, s), n in zip(
        [(c, s) for c in "1234" for s in (1, 2, 3)], COUNTS, strict=True
    )
] for i in range(n)]  # fmt: skip


@RULES
@given(st.lists(codes, min_size=len(KEYS), max_size=len(KEYS)))
def test_the_total_is_the_sum_of_the_components_and_never_exceeds_100(answers):
    result = score(permenpanrb_shape(COUNTS), dict(zip(KEYS, answers, strict=True)))
    assert result.total == sum((c.score for c in result.components), D(0))
    for c in result.components:
        assert c.score == sum((s.score for s in c.subcomponents), D(0))
        assert D(0) <= c.score <= c.weight
    assert D(0) <= result.total <= D(100)
    assert result.complete == all(a is not None for a in answers)


@RULES
@given(st.lists(codes, min_size=len(KEYS), max_size=len(KEYS)), st.sampled_from(KEYS))
def test_a_better_answer_never_lowers_the_score(answers, key):
    template = permenpanrb_shape(COUNTS)
    given_answers = dict(zip(KEYS, answers, strict=True))
    before = score(template, given_answers).total
    after = score(template, {**given_answers, key: "AA"}).total
    assert after >= before


def test_every_criterion_answered_best_scores_the_full_weights():
    result = score(permenpanrb_shape(COUNTS), dict.fromkeys(KEYS, "AA"))
    assert result.total == D(100)
    assert [c.score for c in result.components] == [D(30), D(30), D(15), D(25)]
