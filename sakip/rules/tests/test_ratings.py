from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.ratings import (
    LKJIP_DEFAULT,
    PERMENDAGRI_86_2017,
    SAKIP_GRADES,
    SHIPPED_SCALES,
    Band,
    RatingScale,
    scale_from_rows,
)
from sakip.rules.tests.strategies import RULES, figures

D = Decimal


def label(scale: RatingScale, value: Decimal) -> str:
    band = scale.rate(value)
    assert band is not None
    return band.label


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("125"), "Sangat Tinggi"),  # > 100 stays Sangat Tinggi (regulations.md §3(a))
        (D("90.01"), "Sangat Tinggi"),
        (D("90"), "Tinggi"),
        (D("90.5"), "Sangat Tinggi"),  # the gap between the printed 90 and 91 is closed
        (D("75.3"), "Tinggi"),
        (D("75"), "Sedang"),
        (D("65"), "Rendah"),
        (D("50.0001"), "Rendah"),
        (D("50"), "Sangat Rendah"),
        (D("0"), "Sangat Rendah"),
        (D("-3"), "Sangat Rendah"),
    ],
)
def test_permendagri_86_2017_bands(value, expected):
    # Permendagri 86/2017: > 90 Sangat Tinggi, > 75 Tinggi, > 65 Sedang, > 50 Rendah.
    assert label(PERMENDAGRI_86_2017, value) == expected


def test_lampiran_iii_footer_ratings_follow_permendagri_86():
    # Seed 003 Lampiran III footer: 97,24 → "Sangat tinggi", 20 → "Sangat Rendah".
    assert label(PERMENDAGRI_86_2017, D("97.24")) == "Sangat Tinggi"
    assert label(PERMENDAGRI_86_2017, D("20")) == "Sangat Rendah"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("95"), "AA"),
        (D("90"), "A"),
        (D("80.5"), "A"),
        (D("80"), "BB"),
        (D("70"), "B"),  # seed 003: "B (70)" is the target grade; 70 is B's top
        (D("65.22"), "B"),
        (D("60"), "CC"),
        (D("50"), "C"),
        (D("30.01"), "C"),
        (D("30"), "D"),
    ],
)
def test_sakip_grades_follow_permenpanrb_88_2021(value, expected):
    # PermenPANRB 88/2021: > 90 AA, > 80 A, > 70 BB, > 60 B, > 50 CC, > 30 C, else D.
    assert label(SAKIP_GRADES, value) == expected


def test_lkjip_default_calls_seed_003s_96_34_sangat_berhasil():
    # Seed 003 Ikhtisar: 96,34 % "kriteria Sangat Berhasil".
    assert label(LKJIP_DEFAULT, D("96.34")) == "Sangat Berhasil"
    assert label(LKJIP_DEFAULT, D("50")) == "Tidak Berhasil"


def test_shipped_scales_are_keyed_by_the_codes_the_app_stores():
    assert set(SHIPPED_SCALES) == {"permendagri-86-2017", "permenpanrb-88-2021", "lkjip-default"}
    for code, scale in SHIPPED_SCALES.items():
        assert scale.code == code


def test_rating_nothing_gives_nothing():
    assert PERMENDAGRI_86_2017.rate(None) is None


def test_a_scale_needs_exactly_one_unbounded_lowest_band():
    with pytest.raises(ValueError, match="terendah"):
        RatingScale("x", "X", (Band("Baik", "#00aa00", D(50)),))
    with pytest.raises(ValueError, match="terendah"):
        RatingScale("x", "X", (Band("Baik", "#00aa00", None), Band("Buruk", "#aa0000", None)))
    with pytest.raises(ValueError, match="terendah"):
        RatingScale("x", "X", (Band("Buruk", "#aa0000", None), Band("Baik", "#00aa00", D(50))))


def test_a_scale_rejects_overlapping_or_unordered_thresholds():
    with pytest.raises(ValueError, match="menurun"):
        RatingScale(
            "x",
            "X",
            (
                Band("A", "#00aa00", D(50)),
                Band("B", "#00aa00", D(50)),
                Band("C", "#aa0000", None),
            ),
        )
    with pytest.raises(ValueError, match="menurun"):
        RatingScale(
            "x",
            "X",
            (
                Band("A", "#00aa00", D(50)),
                Band("B", "#00aa00", D(70)),
                Band("C", "#aa0000", None),
            ),
        )


def test_a_scale_rejects_empty_bands_bad_colours_and_float_thresholds():
    with pytest.raises(ValueError):
        RatingScale("x", "X", ())
    with pytest.raises(ValueError, match="heksadesimal"):
        Band("A", "green", None)
    with pytest.raises(ValueError):
        Band(" ", "#00aa00", None)
    with pytest.raises(TypeError):
        Band("A", "#00aa00", 50.0)  # type: ignore[arg-type]


def test_scale_from_rows_sorts_stored_rows():
    scale = scale_from_rows(
        "kab",
        "Skala Kabupaten",
        [(None, "Kurang", "#cf222e"), (D(80), "Baik", "#1a7f37"), (D(60), "Cukup", "#bf8700")],
    )
    assert [b.label for b in scale.bands] == ["Baik", "Cukup", "Kurang"]
    assert label(scale, D(70)) == "Cukup"


def test_scale_from_rows_validates():
    with pytest.raises(ValueError):
        scale_from_rows("kab", "K", [(D(80), "Baik", "#1a7f37")])


def test_legend_describes_each_band_in_indonesian():
    legend = [text for _, text in PERMENDAGRI_86_2017.legend()]
    assert legend == ["> 90", "> 75 s.d. 90", "> 65 s.d. 75", "> 50 s.d. 65", "≤ 50"]


@st.composite
def scales(draw):
    thresholds = draw(st.lists(figures, min_size=0, max_size=8, unique=True))
    thresholds.sort(reverse=True)
    bands = [Band(f"P{i}", "#123456", t) for i, t in enumerate(thresholds)]
    bands.append(Band("Terendah", "#abcdef", None))
    return RatingScale("gen", "Skala uji", tuple(bands))


@given(scales(), figures)
@RULES
def test_every_value_falls_in_exactly_one_band_of_any_valid_scale(scale, value):
    holding = [
        band
        for index, band in enumerate(scale.bands)
        if (band.above is None or value > band.above)
        and (
            index == 0
            or not (scale.bands[index - 1].above is None or value > scale.bands[index - 1].above)
        )
    ]
    assert len(holding) == 1
    assert scale.rate(value) is holding[0]


@given(st.sampled_from(list(SHIPPED_SCALES.values())), figures)
@RULES
def test_every_value_has_a_band_on_the_shipped_scales(scale, value):
    band = scale.rate(value)
    assert band is not None
    if band.above is not None:
        assert value > band.above
    index = scale.bands.index(band)
    if index > 0:
        above = scale.bands[index - 1].above
        assert above is not None and value <= above
