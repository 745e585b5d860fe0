"""A Rupiah amount as a document prints it: DOMAIN §3, §7.

Indonesian documents write whole Rupiah with a point between each group of three digits
("Rp859.327.356", "Rp. 122.952.700,-"; PUEBI: the thousands separator is the point, the
decimal separator the comma). An amount printed otherwise ("Rp. 122952.700": a group of
six digits, a thousands point missing; "Rp.1. 355.982.300": a space inside the number)
is malformed: the reader cannot be sure which number it is, so it is flagged, never
silently read."""

from __future__ import annotations

import re

#: "Rp", "Rp.", "Rp " before the number; ",-" or ",00" after it.
_PREFIX = re.compile(r"^\s*Rp\.?\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(,-|,00|,00-)?\s*$")
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})*$")


def printed_amount_error(text: str) -> str | None:
    """Why ``text`` is not a well-formed Rupiah amount, in Indonesian; None when it is
    (or when nothing is printed)."""
    if not text or not text.strip():
        return None
    number = _SUFFIX.sub("", _PREFIX.sub("", text, count=1), count=1)
    if _GROUPED.fullmatch(number):
        return None
    if re.search(r"\s", number):
        return "ada spasi di dalam angka"
    if not re.fullmatch(r"[\d.]+", number):
        return "ada karakter selain angka dan titik pemisah ribuan"
    groups = number.split(".")
    if any(len(g) > 3 for g in groups[:1]) or any(len(g) != 3 for g in groups[1:]):
        return "titik pemisah ribuan tidak di setiap tiga angka"
    return "penulisan angka tidak lazim"
