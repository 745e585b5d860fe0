"""The Pengukuran Kinerja table: the agency's IKU for a year with target, realisasi,
capaian, the average and its rating (seed 003 Table 7 layout; PermenPANRB 53/2014
Lampiran: Pengukuran Kinerja), and the check of the LKjIP's printed figures against it.

The LKjIP checks here are the printed arithmetic of the LKjIP: Table 7 (the IKU
measurement) and the per-sasaran Tables 8–13 ("Rata-rata Capaian" of each), the
spending by type of Bab III B (sums and percentages), each program's pagu and realisasi
and the agency's total pagu where Bab II, Bab III, Tables 8–13 and Lampiran III print
them, Table 14 (its averages and the rise claimed after it) and the Ikhtisar
Eksekutif's capaian, and the efisiensi (Rp and %) each of Tables 8–13 prints.

- ``loading``: ``load`` (an agency's IKU of a year), computed and checked;
- ``compute``: the year figure of an IKU and its entry checks;
- ``checks``: the LKjIP's printed figures against the table;
- ``document``: the table as a Document;
- ``report``: the report and line types."""

from sakip.reports.iku.checks import check_lkjip
from sakip.reports.iku.compute import entry_findings, year_actual
from sakip.reports.iku.document import build_document, lkjip_check_table
from sakip.reports.iku.loading import load
from sakip.reports.iku.report import IkuFinding, IkuLine, IkuReport

__all__ = [
    "IkuFinding",
    "IkuLine",
    "IkuReport",
    "build_document",
    "check_lkjip",
    "entry_findings",
    "lkjip_check_table",
    "load",
    "year_actual",
]
