"""Reading reference codes, matching Renja codes (placeholders X.XX), nearest codes."""

from __future__ import annotations

import pytest

from sakip.rules import nomenclature as rules

REFERENCE = [
    rules.parse_reference_code(c)
    for c in [
        "8",
        "8.01",
        "8.01.02",
        "8.01.02.2.01",
        "8.01.02.2.01.0001",
        "8.01.02.2.01.0002",
        "8.01.02.2.02.0001",
        "X.XX.01",
        "X.XX.01.2.01",
        "X.XX.01.2.01.0001",
    ]
]
INDEX = rules.ReferenceIndex(REFERENCE)


def test_levels_follow_the_number_of_segments():
    assert [r.level for r in REFERENCE[:5]] == [
        "urusan",
        "bidang",
        "program",
        "kegiatan",
        "subkegiatan",
    ]


@pytest.mark.parametrize("text", ["8.01.x", "8..01", "8.01.02.2", "", "A.01"])
def test_what_is_not_a_code_is_refused_in_indonesian(text):
    with pytest.raises(rules.ReferenceCodeError):
        rules.parse_reference_code(text)


@pytest.mark.parametrize(
    "code",
    ["8.01.02.2.01.0001", "8.01.02.2.01.01", "8.01.02.2.01.1", "8.01.01", "2.17.01.2.01.0001"],
)
def test_a_renja_code_in_the_list_is_found_in_either_writing_and_placeholders_match(code):
    assert INDEX.find(code) is not None


@pytest.mark.parametrize("code", ["8.01.02.2.01.0003", "8.01.03", "8.01.02.2.03"])
def test_a_code_not_in_the_list_is_not_found(code):
    assert INDEX.find(code) is None


def test_the_nearest_codes_share_the_most_leading_segments():
    nearest = [r.text for r in INDEX.nearest("8.01.02.2.01.0003")]
    assert nearest[:2] == ["8.01.02.2.01.0001", "8.01.02.2.01.0002"]
    assert all(len(r.split(".")) == 6 for r in nearest)
    assert INDEX.nearest("8.01.02.2.03")[0].text == "8.01.02.2.01"
