from __future__ import annotations

import pytest

from sakip.rules.rupiah import printed_amount_error


@pytest.mark.parametrize(
    "text",
    ["Rp859.327.356", "Rp. 122.952.700,-", "Rp 1.000", "793.930.420", "Rp.500", "Rp0", ""],
)
def test_a_well_formed_amount_is_accepted(text: str) -> None:
    assert printed_amount_error(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Rp. 122952.700", "titik pemisah ribuan tidak di setiap tiga angka"),  # seed 003
        ("Rp.1. 355.982.300", "ada spasi di dalam angka"),
        ("Rp1.23.456", "titik pemisah ribuan tidak di setiap tiga angka"),
        ("Rp12a.000", "ada karakter selain angka dan titik pemisah ribuan"),
        ("Rp1234567", "titik pemisah ribuan tidak di setiap tiga angka"),
    ],
)
def test_a_malformed_amount_is_named_with_its_fault(text: str, why: str) -> None:
    assert printed_amount_error(text) == why
