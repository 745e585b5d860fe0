import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.rules.nip import format_nip, normalise_nip, parse_nip
from sakip.rules.tests.strategies import RULES


def test_a_valid_nip_is_read_into_its_parts():
    # Seed 003: NONDING, NIP. 19710607 199703 1 007 (Perka BKN 22/2007 layout).
    check = parse_nip("19710607 199703 1 007")
    assert check.valid
    assert check.errors == ()
    assert check.digits == "197106071997031007"
    assert check.birth_date == datetime.date(1971, 6, 7)
    assert check.appointed == (1997, 3)
    assert check.gender == 1
    assert check.serial == 7


def test_any_whitespace_grouping_and_a_nip_label_are_accepted():
    assert parse_nip("197106071997031007").valid
    assert parse_nip(" 1971 0607 1997 03 1007 ").valid
    assert parse_nip("NIP. 19670425 198903 1 005").digits == "196704251989031005"


def test_a_nip_with_a_dash_is_invalid():
    # DOMAIN §7: "197-10607199703 1 007".
    check = parse_nip("197-10607199703 1 007")
    assert not check.valid
    assert any("karakter selain angka" in e for e in check.errors)


def test_a_nip_of_17_digits_is_invalid():
    # DOMAIN §7: "19710607117031007".
    check = parse_nip("19710607117031007")
    assert not check.valid
    assert any("NIP harus 18 digit" in e for e in check.errors)


def test_an_empty_nip_is_invalid():
    assert parse_nip(None).errors == ("NIP belum diisi",)
    assert not parse_nip("  ").valid


@pytest.mark.parametrize(
    ("nip", "error"),
    [
        ("19711307 199703 1 007", "Tanggal lahir pada NIP (digit 1–8) tidak valid"),
        ("19710231 199703 1 007", "Tanggal lahir pada NIP (digit 1–8) tidak valid"),
        ("19710607 199713 1 007", "Bulan TMT CPNS pada NIP (digit 13–14) tidak valid"),
        ("19710607 199700 1 007", "Bulan TMT CPNS pada NIP (digit 13–14) tidak valid"),
        ("19710607 199703 3 007", "Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2"),
        ("19710607 199703 1 000", "Nomor urut pada NIP (digit 16–18) harus 001–999"),
        ("19710607 196912 1 007", "TMT CPNS pada NIP lebih awal dari tanggal lahir"),
        (
            "19710607 198003 1 007",
            "TMT CPNS terlalu dekat dengan tanggal lahir (kurang dari 17 tahun)",
        ),
    ],
)
def test_each_part_is_checked(nip, error):
    check = parse_nip(nip)
    assert not check.valid
    assert error in check.errors


def test_the_calendar_checks_need_today():
    future = "20300101 205001 1 001"
    assert parse_nip(future).valid
    check = parse_nip(future, today=datetime.date(2024, 1, 29))
    assert not check.valid
    assert "Tanggal lahir pada NIP berada di masa depan" in check.errors
    assert "TMT CPNS pada NIP berada di masa depan" in check.errors


def test_every_message_starts_with_a_capital():
    for nip in ["", "x", "19711307 199713 3 000", "20300101 205001 1 001"]:
        for error in parse_nip(nip, today=datetime.date(2024, 1, 29)).errors:
            assert error[0].isupper(), error


@pytest.mark.parametrize(
    "typed",
    [
        "19710607.199703.1.007",
        "NIP. 19710607 199703 1 007",
        "NIP: 19710607 199703 1 007",
        "nip.19710607199703 1 007",
        "NIP : 19710607 199703 1007",
        " 19710607 199703 1 007\n",
    ],
)
def test_typed_groupings_dots_and_a_label_are_normalised_to_the_18_digits(typed):
    assert normalise_nip(typed) == "197106071997031007"
    assert parse_nip(typed).valid


def test_normalising_keeps_any_other_character_so_the_nip_stays_refused():
    assert normalise_nip("197-10607199703 1 007") == "197-106071997031007"
    assert not parse_nip("197-10607199703 1 007").valid


def test_format_nip_groups_8_6_1_3():
    assert format_nip("197106071997031007") == "19710607 199703 1 007"
    with pytest.raises(ValueError):
        format_nip("19710607117031007")
    with pytest.raises(ValueError):
        format_nip("19710607199703100x")


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
@RULES
def test_nip_formatting_round_trips(digits):
    formatted = format_nip(digits)
    assert parse_nip(formatted).digits == digits
    assert formatted.replace(" ", "") == digits


@given(st.text())
@RULES
def test_parse_nip_never_raises(text):
    check = parse_nip(text)
    assert check.valid == (not check.errors)
