"""Every figure the reports compute for some agencies, written out as text: what a
speed-up or a refactoring of the read path must leave byte for byte the same.

``python -m sakip.bench --dump FILE`` writes it for the bench's synthetic kabupaten and
the demo; run it before and after a change and compare the two files (``cmp``). The
text is each report's ``repr`` (frozen dataclasses all the way down, so every line,
footer, finding and computed value is in it, with no memory address or set order),
for the Evaluasi Renja of every quarter asked (with and without ``year_only``), its
document, the IKU table and the LKjIP's figures of each year."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from sakip.reports import evaluasi_renja, iku
from sakip.reports.lkjip import compute as lkjip

if TYPE_CHECKING:
    from sakip.organisation.models import Agency


def lines(
    label: str,
    agencies: Sequence[Agency],
    years: Iterable[int],
    quarters: Sequence[int],
) -> Iterator[str]:
    """The figures of ``agencies`` (of one Pemda) for each of ``years`` and ``quarters``,
    one text line each, in a fixed order."""
    for year in years:
        for quarter in quarters:
            for year_only in (False, True):
                reports = evaluasi_renja.load_many(agencies, year, quarter, year_only=year_only)
                for report in reports:
                    yield f"{label} ER {year} TW{quarter} year_only={year_only} {report!r}"
                    yield f"{label} findings {report.findings!r}"
                    if not year_only:
                        yield f"{label} document {evaluasi_renja.build_document(report)!r}"
            # One agency through the page's own path (load, not load_many).
            yield f"{label} page {evaluasi_renja.load(agencies[0], year, quarters[-1])!r}"
        for agency in agencies:
            yield f"{label} IKU {agency.pk} {year} {iku.load(agency, year)!r}"
            yield f"{label} LKjIP {agency.pk} {year} {lkjip.load(agency, year)!r}"
