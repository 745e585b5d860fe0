"""NIP (Nomor Induk Pegawai) of a PNS: DOMAIN §3, regulations.md §8.1.

Perka BKN 22/2007: 18 digits — birth date YYYYMMDD (1–8), TMT CPNS YYYYMM (9–14),
gender 1 = pria / 2 = wanita (15), nomor urut 001–999 (16–18); printed grouped
``19710607 199703 1 007``. What people type is normalised first (``normalise_nip``):
whitespace and dots between digits are accepted anywhere (people group NIPs in many
ways: "19710607.199703.1.007"), as is a leading "NIP." / "NIP:" label; any other
character makes the NIP invalid ("197-10607199703 1 007"). NI PPPK numbers encode
other data in the middle and are not checked here. A Bupati/Walikota has no NIP.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

NIP_LENGTH = 18
#: Earliest plausible birth/appointment year; a PNS appointed younger than this many
#: years is suspicious (regulations.md §8.1: TMT "later than the birth date + about 18
#: years"; 17 leaves a margin).
MIN_YEAR = 1900
MIN_AGE_AT_APPOINTMENT = 17

_LABEL_RE = re.compile(r"^\s*NIP\s*\.?\s*:?\s*", re.IGNORECASE)
_DIGITS = frozenset("0123456789")

#: Each message is a sentence a staff member reads (capitalised, without the final
#: full stop: callers join several or add their own context).
ERR_EMPTY = "NIP belum diisi"
ERR_CHARACTERS = "NIP mengandung karakter selain angka"
ERR_LENGTH = "NIP harus 18 digit"
ERR_BIRTH = "Tanggal lahir pada NIP (digit 1–8) tidak valid"
ERR_TMT_MONTH = "Bulan TMT CPNS pada NIP (digit 13–14) tidak valid"
ERR_TMT_YEAR = "Tahun TMT CPNS pada NIP (digit 9–12) tidak valid"
ERR_TMT_BEFORE_BIRTH = "TMT CPNS pada NIP lebih awal dari tanggal lahir"
ERR_TMT_BEFORE_ADULT = "TMT CPNS terlalu dekat dengan tanggal lahir (kurang dari 17 tahun)"
ERR_TMT_FUTURE = "TMT CPNS pada NIP berada di masa depan"
ERR_BIRTH_FUTURE = "Tanggal lahir pada NIP berada di masa depan"
ERR_GENDER = "Kode jenis kelamin pada NIP (digit 15) harus 1 atau 2"
ERR_SERIAL = "Nomor urut pada NIP (digit 16–18) harus 001–999"


@dataclass(frozen=True)
class NipCheck:
    """The reading of a NIP. ``digits`` holds the digits found (even when invalid, so
    a message can show them); the parts are set when they could be read."""

    valid: bool
    digits: str | None
    birth_date: datetime.date | None = None
    appointed: tuple[int, int] | None = None
    gender: int | None = None
    serial: int | None = None
    errors: tuple[str, ...] = ()


def normalise_nip(text: str) -> str:
    """What was typed, without a leading "NIP." / "NIP:" label and without the spaces
    and dots people group the digits with: ``"NIP. 19710607.199703 1 007"`` →
    ``"197106071997031007"``. Any other character stays, so a malformed NIP is still
    seen as typed ("197-106071997031007") and refused by ``parse_nip``."""
    body = _LABEL_RE.sub("", str(text), count=1)
    return "".join(c for c in body if not (c.isspace() or c == "."))


def parse_nip(text: str | None, today: datetime.date | None = None) -> NipCheck:
    """Check a NIP. Never raises for a ``str`` or None.

    ``today`` enables the checks against the calendar (birth date or TMT in the future);
    without it they are skipped, so the function stays pure.
    """
    if text is None or not str(text).strip():
        return NipCheck(valid=False, digits=None, errors=(ERR_EMPTY,))
    body = normalise_nip(str(text))
    errors: list[str] = []
    stray = sorted({c for c in body if c not in _DIGITS})
    if stray:
        shown = " ".join(f"“{c}”" for c in stray[:5])
        errors.append(f"{ERR_CHARACTERS} ({shown})")
    digits = "".join(c for c in body if c in _DIGITS)
    if not digits:
        return NipCheck(valid=False, digits=None, errors=(*errors, ERR_LENGTH))
    if len(digits) != NIP_LENGTH:
        errors.append(f"{ERR_LENGTH} (tertulis {len(digits)} digit)")
        return NipCheck(valid=False, digits=digits, errors=tuple(errors))

    birth = _birth_date(digits[:8])
    if birth is None:
        errors.append(ERR_BIRTH)
    year, month = int(digits[8:12]), int(digits[12:14])
    appointed: tuple[int, int] | None = (year, month)
    if not 1 <= month <= 12:
        errors.append(ERR_TMT_MONTH)
        appointed = None
    if year < MIN_YEAR:
        errors.append(ERR_TMT_YEAR)
        appointed = None
    if birth is not None and appointed is not None:
        age_months = (appointed[0] - birth.year) * 12 + (appointed[1] - birth.month)
        if age_months < 0:
            errors.append(ERR_TMT_BEFORE_BIRTH)
        elif age_months < MIN_AGE_AT_APPOINTMENT * 12:
            errors.append(ERR_TMT_BEFORE_ADULT)
    if today is not None:
        if birth is not None and birth > today:
            errors.append(ERR_BIRTH_FUTURE)
        if appointed is not None and appointed > (today.year, today.month):
            errors.append(ERR_TMT_FUTURE)
    gender = int(digits[14])
    if gender not in (1, 2):
        errors.append(ERR_GENDER)
    serial = int(digits[15:18])
    if serial == 0:
        errors.append(ERR_SERIAL)
    return NipCheck(
        valid=not errors,
        digits=digits,
        birth_date=birth,
        appointed=appointed,
        gender=gender if gender in (1, 2) else None,
        serial=serial if serial else None,
        errors=tuple(errors),
    )


def _birth_date(text: str) -> datetime.date | None:
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    if year < MIN_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def format_nip(digits: str) -> str:
    """``"197106071997031007"`` → ``"19710607 199703 1 007"`` (groups 8-6-1-3).

    Whitespace in ``digits`` is ignored; anything but 18 digits raises ValueError."""
    compact = "".join(str(digits).split())
    if len(compact) != NIP_LENGTH or any(c not in _DIGITS for c in compact):
        raise ValueError(f"{ERR_LENGTH}: “{digits}”")
    return f"{compact[:8]} {compact[8:14]} {compact[14]} {compact[15:]}"
