"""Predikat (rating) scales: DOMAIN §4.3. Scales are data, not code.

A scale is an ordered list of bands, highest first. A band holds the values strictly
greater than its ``above`` threshold (and not greater than the next band's); the last
band has no threshold and holds everything below. Strictly descending thresholds make
the bands gap-free and non-overlapping, so every value has exactly one band.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sakip.rules.decimals import as_decimal, as_optional_decimal

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Band:
    """One predikat: values strictly greater than ``above`` (None = unbounded below)."""

    label: str
    colour: str
    above: Decimal | None

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise ValueError("Nama predikat tidak boleh kosong.")
        if not isinstance(self.colour, str) or not _COLOUR_RE.match(self.colour):
            raise ValueError(
                f"Warna predikat {self.label} harus kode heksadesimal seperti #1a7f37."
            )
        as_optional_decimal(self.above, f"batas predikat {self.label}")


@dataclass(frozen=True)
class RatingScale:
    """A named rating scale; ``bands`` ordered highest first, validated on construction."""

    code: str
    name: str
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        object.__setattr__(self, "bands", bands)
        if not bands:
            raise ValueError(f"Skala predikat {self.name} belum memiliki rentang.")
        if any(not isinstance(b, Band) for b in bands):
            raise TypeError("rentang predikat harus berupa Band")
        unbounded = [b for b in bands if b.above is None]
        if len(unbounded) != 1 or bands[-1].above is not None:
            raise ValueError(
                f"Skala predikat {self.name} harus memiliki tepat satu predikat terendah "
                "tanpa batas bawah, di urutan terakhir."
            )
        thresholds = [b.above for b in bands[:-1] if b.above is not None]
        for higher, lower in itertools.pairwise(thresholds):
            if not higher > lower:
                raise ValueError(
                    f"Batas skala predikat {self.name} harus menurun tegas dari predikat "
                    f"tertinggi ke terendah (ditemukan {higher} lalu {lower}); rentang tidak "
                    "boleh tumpang tindih atau berlubang."
                )
        labels = [b.label for b in bands]
        if len(set(labels)) != len(labels):
            raise ValueError(f"Nama predikat pada skala {self.name} tidak boleh berulang.")

    def rate(self, value: Decimal | int | None) -> Band | None:
        """The band holding ``value``; None when there is no value to rate."""
        number = as_optional_decimal(value, "nilai yang dinilai")
        if number is None:
            return None
        for band in self.bands:
            if band.above is None or number > band.above:
                return band
        raise AssertionError("unreachable: the last band is unbounded")  # pragma: no cover

    def band(self, label: str) -> Band | None:
        """The band named ``label`` (exactly as the scale writes it), or None."""
        return next((b for b in self.bands if b.label == label), None)

    def upper_bound(self, label: str, top: Decimal) -> Decimal | None:
        """The highest value the band ``label`` holds: the threshold of the band just
        above it, or ``top`` for the highest band (whose values are unbounded above).
        None when the scale has no band ``label``. On the PermenPANRB 88/2021 grades with
        ``top`` 100: AA 100, A 90, BB 80, B 70, CC 60, C 50, D 30."""
        upper = as_decimal(top, "nilai tertinggi skala")
        for band in self.bands:
            if band.label == label:
                return upper
            if band.above is not None:
                upper = band.above
        return None

    def legend(self) -> tuple[tuple[Band, str], ...]:
        """Each band with its range in Indonesian: "> 90", "> 75 s.d. 90", "≤ 50"."""
        rows: list[tuple[Band, str]] = []
        upper: Decimal | None = None
        for band in self.bands:
            if band.above is None:
                text = f"≤ {_plain(upper)}" if upper is not None else "semua nilai"
            elif upper is None:
                text = f"> {_plain(band.above)}"
            else:
                text = f"> {_plain(band.above)} s.d. {_plain(upper)}"
            rows.append((band, text))
            upper = band.above
        return tuple(rows)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def scale_from_rows(
    code: str, name: str, rows: Iterable[tuple[Decimal | None, str, str]]
) -> RatingScale:
    """A scale from stored rows ``(above, label, colour)`` in any order (highest
    threshold first after sorting; the unbounded band last). Validated."""
    collected = [
        (as_optional_decimal(a, "batas predikat"), label, colour) for a, label, colour in rows
    ]
    collected.sort(key=lambda row: (row[0] is None, -(row[0] or 0)))
    return RatingScale(
        code=code,
        name=name,
        bands=tuple(
            Band(label=label, colour=colour, above=above) for above, label, colour in collected
        ),
    )


def _scale(code: str, name: str, rows: list[tuple[str | None, str, str]]) -> RatingScale:
    return RatingScale(
        code=code,
        name=name,
        bands=tuple(
            Band(label=label, colour=colour, above=None if a is None else as_decimal(Decimal(a)))
            for a, label, colour in rows
        ),
    )


# Permendagri 86/2017, evaluation of RKPD/Renja results (regulations.md §3(a), SECONDARY):
# 91–100 (and above) Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang, 51–65 Rendah, ≤ 50 Sangat
# Rendah; the gaps between the integer bounds are closed with strict ">" thresholds.
PERMENDAGRI_86_2017 = _scale(
    "permendagri-86-2017",
    "Permendagri 86/2017 (Evaluasi Renja/RKPD)",
    [
        ("90", "Sangat Tinggi", "#1a7f37"),
        ("75", "Tinggi", "#2da44e"),
        ("65", "Sedang", "#bf8700"),
        ("50", "Rendah", "#e16f24"),
        (None, "Sangat Rendah", "#cf222e"),
    ],
)

# PermenPANRB 88/2021, Evaluasi AKIP grades (regulations.md §6.4): "> 90 – 100" AA,
# "> 80 – 90" A, "> 70 – 80" BB, "> 60 – 70" B, "> 50 – 60" CC, "> 30 – 50" C, "0 – 30" D.
SAKIP_GRADES = _scale(
    "permenpanrb-88-2021",
    "Predikat Evaluasi AKIP (PermenPANRB 88/2021)",
    [
        ("90", "AA", "#1a7f37"),
        ("80", "A", "#2da44e"),
        ("70", "BB", "#4ac26b"),
        ("60", "B", "#bf8700"),
        ("50", "CC", "#d4a72c"),
        ("30", "C", "#e16f24"),
        (None, "D", "#cf222e"),
    ],
)

# An editable default LKjIP criterion scale. No regulation was found for the "Sangat
# Berhasil … Tidak Berhasil" labels (regulations.md §3(b), open gap 2): seed 003 calls an
# average of 96,34 % "Sangat Berhasil" and 90–100 % "Memuaskan"; the Inspektorat Sampang
# LKjIP 2019 applies the Permendagri 86/2017 intervals and calls > 90 % "berhasil". So the
# default keeps the only sourced thresholds (Permendagri 86/2017: > 90, > 75, > 65, > 50)
# with the "Berhasil" labels. Each Pemda edits it to its own Perbup/Juknis.
LKJIP_DEFAULT = _scale(
    "lkjip-default",
    "Kriteria LKjIP (bawaan, dapat diubah)",
    [
        ("90", "Sangat Berhasil", "#1a7f37"),
        ("75", "Berhasil", "#2da44e"),
        ("65", "Cukup Berhasil", "#bf8700"),
        ("50", "Kurang Berhasil", "#e16f24"),
        (None, "Tidak Berhasil", "#cf222e"),
    ],
)

SHIPPED_SCALES: dict[str, RatingScale] = {
    scale.code: scale for scale in (PERMENDAGRI_86_2017, SAKIP_GRADES, LKJIP_DEFAULT)
}
