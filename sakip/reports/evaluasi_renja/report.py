"""What an Evaluasi Hasil Renja form is made of: its lines (an item with its inputs,
computed result and findings), the report of one agency and quarter, and the rows the
loader fetched for the computation."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.measurement.models import QuarterReport
from sakip.organisation.models import Agency
from sakip.planning.models import (
    Renstra,
)
from sakip.planning.rows import IndicatorRow, ItemRow
from sakip.reports.models import SourceDocument
from sakip.rules import quality, renja
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import RatingScale

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

#: The evaluator's title where the data names no planning agency: Permendagri 86/2017
#: (Lampiran, evaluasi hasil Renja Perangkat Daerah) has the Renja of each Perangkat
#: Daerah evaluated by the Kepala Bappeda.
EVALUATOR_TITLE = "Kepala Bappeda"
#: Dotted lines to sign on, where the data does not name the signatory.
NAME_PLACEHOLDER = "(.............................................)"
NIP_PLACEHOLDER = "...................................."
#: How an agency's name or code says it is the planning agency: "Badan Perencanaan
#: Pembangunan Daerah", "… Perencanaan Pembangunan, Penelitian dan Pengembangan …",
#: "Bappeda", "Bappedalitbang", "Bapperida".
PLANNING_NAME = re.compile(r"perencanaan\s+pembangunan|bappeda|bapperida", re.IGNORECASE)


@dataclass(frozen=True)
class RenjaFinding:
    """A data-quality finding of the form, attached to one cell."""

    code: str  # the row's Permendagri code, "JUMLAH" for the total row
    key: str  # the cell: "c14:k", "q2:rp" … (columns as seed 003 numbers them)
    severity: quality.Severity
    message: str


def _findings_by_cell() -> dict[str, list[RenjaFinding]]:
    return defaultdict(list)


@dataclass
class RenjaLine:
    """One row of the form: an item with its inputs, computed result and findings."""

    item: ItemRow
    depth: int
    indicator: IndicatorRow | None
    inputs: renja.RenjaInput
    result: renja.RenjaRowResult
    objective_label: str = ""
    number: str = ""
    findings: dict[str, list[RenjaFinding]] = field(default_factory=_findings_by_cell)
    printed: dict[str, str] = field(default_factory=dict)
    #: An item with several indicators has one line per indicator (its K row set); the
    #: first carries the item's Rupiah, the others none, so that Rp counts once per item.
    indicator_index: int = 0
    indicator_count: int = 1
    #: A grade indicator's grades where the form has figures: cell key → "BB".
    grades: dict[str, str] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.item.level

    @property
    def first(self) -> bool:
        """The item's first line: the one with its code, name and Rupiah."""
        return self.indicator_index == 0

    @property
    def row_label(self) -> str:
        """How a message names the row: "8.01.01", or "8.01.01 (indikator 2)" where the
        item has more than one indicator."""
        code = self.item.code
        if self.indicator_count == 1:
            return code
        return f"{code} (indikator {self.indicator_index + 1})"

    @property
    def all_findings(self) -> list[RenjaFinding]:
        return [f for found in self.findings.values() for f in found]


@dataclass
class RenjaReport:
    agency: Agency
    year: int
    quarter: int
    layout: renja.Layout
    renstra: Renstra | None
    policy: RulesPolicy
    scale: RatingScale
    lines: list[RenjaLine]
    totals: renja.RenjaMoneyTotals
    footer: renja.RenjaFooter
    narrative: QuarterReport | None
    head_name: str
    head_pangkat: str
    head_nip: str
    source: SourceDocument | None
    total_findings: dict[str, list[RenjaFinding]] = field(default_factory=_findings_by_cell)
    #: The JUMLAH row's figures as the source document printed them (key → text).
    printed_totals: dict[str, str] = field(default_factory=dict)
    #: The footer's averages as the source document printed them, e.g.
    #: {"average_k_c13": "100"}: shown beside the computed ones, not flagged (see
    #: averaged_footer for why the computed rule differs from what the seed prints).
    printed_footer: dict[str, str] = field(default_factory=dict)
    #: The "Dievaluasi" block: the head of the Pemda's planning agency (Bappeda), see
    #: :func:`planning_agencies`; empty name/NIP when the data does not say who it is.
    evaluator_title: str = EVALUATOR_TITLE
    #: "Plt. ", "Plh. " when the head of the agency who signs "Disusun" is a stand-in.
    head_prefix: str = ""
    evaluator_name: str = ""
    evaluator_pangkat: str = ""
    evaluator_nip: str = ""
    #: Which version of the Renja the pagu come from ("Renja murni", "Renja perubahan …").
    budget_version: str = ""
    #: Computed by ``load_many(year_only=True)``: the year's columns (8–13), their capaian
    #: and the footer's year averages only. Columns 7, 14 and 15 lack the earlier years
    #: and there are no findings or signatures: never printed as the form.
    year_only: bool = False

    @property
    def findings(self) -> list[RenjaFinding]:
        """Every finding of the form, in row order, the JUMLAH row's last."""
        out = [f for line in self.lines for f in line.all_findings]
        return out + [f for found in self.total_findings.values() for f in found]

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


@dataclass
class Fetched:
    """The rows of every form of a :func:`load_many` call, keyed for the computation."""

    items: dict[int, list[ItemRow]]  # agency → its items in code order
    indicators: dict[int, list[IndicatorRow]]  # item → its indicators in order
    targets: dict[int, Decimal | None]  # indicator → its Renja target of the year
    actuals: dict[int, dict[tuple[int, int], Decimal | None]]  # indicator → (year, q) → K
    budgets: dict[int, tuple[int, int | None]]  # item → (pagu, Renstra pagu) of the year
    spent: dict[int, dict[tuple[int, int], int | None]]  # item → (year, q) → Rp
    #: Grade indicators ("BB"): the Renja target and the realisasi as written.
    target_texts: dict[int, str] = field(default_factory=dict)
    actual_texts: dict[int, dict[tuple[int, int], str]] = field(default_factory=dict)
    grades: RatingScale | None = None
