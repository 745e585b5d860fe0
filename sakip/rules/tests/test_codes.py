import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.codes import (
    CodeError,
    check_level,
    check_parent,
    parse_code,
    sort_key,
)
from sakip.rules.tests.strategies import RULES


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("8", "urusan", None),
        ("8.01", "bidang", "8"),
        ("8.01.01", "program", "8.01"),
        ("8.01.01.2.01", "kegiatan", "8.01.01"),
        ("8.01.01.2.01.01", "subkegiatan", "8.01.01.2.01"),  # Permendagri 90/2019, seed 003
        ("8.01.01.2.01.0001", "subkegiatan", "8.01.01.2.01"),  # current 4-digit form
    ],
)
def test_permendagri_90_2019_levels(code, level, parent):
    parsed = parse_code(code)
    assert parsed.level == level
    assert parsed.parent == parent
    assert parsed.text == code
    assert str(parsed) == code


@pytest.mark.parametrize(
    "code",
    [
        "",
        "8.01.01.2",  # 4 segments is no level
        "8.01.01.2.01.01.01",
        "X.XX.01",
        "8.O1",
        "8.1",
        "08.01",
        "8.01.1",
        "8.01.01.02.01",  # the level of government is 1 digit
        "8.01.01.3.01",  # 1 = provinsi, 2 = kabupaten/kota
        "8.01.01.2.1",
        "8.01.01.2.01.001",  # sub kegiatan: 2 or 4 digits
        "8.01.01.2.01.00001",
        "8..01",
        "0.01",
        "8.01.",
    ],
)
def test_anything_else_is_a_code_error_in_indonesian(code):
    with pytest.raises(CodeError) as info:
        parse_code(code)
    assert "Kode" in str(info.value)


def test_ancestry():
    program = parse_code("8.01.01")
    assert program.is_ancestor_of(parse_code("8.01.01.2.01.07"))
    assert program.is_ancestor_of("8.01.01.2.01")
    assert not program.is_ancestor_of("8.01.01")
    assert not program.is_ancestor_of("8.01.02.2.01")
    assert not parse_code("8.01.01.2.01.07").is_ancestor_of("8.01.01")
    assert parse_code("8.01.01.2.01").is_ancestor_of("8.01.01.2.01.0007")


def test_sort_key_orders_codes_naturally():
    codes = [
        "8.01.01.2.01.10",
        "8.01.01.2.01.0002",
        "8.01.01.2.01",
        "8.01.02",
        "8",
        "8.01.01.2.01.01",
        "8.01.01",
    ]
    assert sorted(codes, key=sort_key) == [
        "8",
        "8.01.01",
        "8.01.01.2.01",
        "8.01.01.2.01.01",
        "8.01.01.2.01.0002",
        "8.01.01.2.01.10",
        "8.01.02",
    ]


def test_sort_key_treats_2_and_4_digit_sub_activities_alike():
    assert sort_key("8.01.01.2.01.07") == sort_key("8.01.01.2.01.0007")
    assert len(sort_key("8.01.01.2.01.0007")) <= 80


@given(st.text())
@RULES
def test_sort_key_never_raises(text):
    assert isinstance(sort_key(text), str)


@given(st.text())
@RULES
def test_parse_code_raises_only_code_errors(text):
    with contextlib.suppress(CodeError):
        parse_code(text)


def test_the_2019_and_sipd_forms_of_one_code_are_the_same_code():
    assert (
        sort_key("8.01.01.2.01.01") == sort_key("8.01.01.2.01.0001") == sort_key("8.01.01.2.01.1")
    )
    assert sort_key("8.01.01.2.01.01") != sort_key("8.01.01.2.01.10")
    assert sort_key("8.01.01") != sort_key("8.01.01.2.01")


def test_a_code_at_the_wrong_level_is_named_by_its_own_level():
    with pytest.raises(CodeError) as error:
        check_level(parse_code("8.01.01.2.01.01"), "kegiatan")
    assert str(error.value) == "8.01.01.2.01.01 adalah kode sub kegiatan, bukan kode kegiatan."
    with pytest.raises(CodeError) as error:
        check_level(parse_code("8.01.01"), "bidang")
    assert str(error.value) == "8.01.01 adalah kode program, bukan kode bidang urusan."
    check_level(parse_code("8.01.01.2.01"), "kegiatan")


def test_a_code_below_the_wrong_parent_names_its_right_parent():
    with pytest.raises(CodeError) as error:
        check_parent(parse_code("8.01.01.2.01.55"), parse_code("8.01.02.2.01"))
    assert str(error.value) == (
        "8.01.01.2.01.55 tidak berada di bawah kegiatan 8.01.02.2.01. "
        "Induknya seharusnya 8.01.01.2.01."
    )
    check_parent(parse_code("8.01.01.2.01.0055"), parse_code("8.01.01.2.01"))
