"""What the Pengukuran Kinerja table is made of: each IKU's line (target, realisasi,
capaian, rating, findings) and the report of one agency and year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.organisation.models import Agency
from sakip.planning.models import Indicator
from sakip.reports.checks import LkjipCheck
from sakip.reports.models import SourceDocument
from sakip.rules import quality
from sakip.rules.achievement import Achievement
from sakip.rules.policy import Policy as RulesPolicy
from sakip.rules.ratings import Band, RatingScale
from sakip.rules.values import Figure

OBJECTIVE_KEY = re.compile(r"^objective:(?P<n>\d+):(?:row(?P<row>\d+):achievement|average)$")


@dataclass(frozen=True)
class IkuFinding:
    """A data-quality finding of the table: about one indicator (``indicator`` set) or
    about the average (``indicator`` None). ``cell`` is the figure it is shown beside:
    "achievement" (the capaian, the LKjIP checks), "target" or "actual" (the checks a
    figure gets where it is entered)."""

    message: str
    indicator: int | None = None
    severity: quality.Severity = "error"
    cell: str = "achievement"


@dataclass
class IkuLine:
    indicator: Indicator
    objective: str
    target: Figure
    actual: Decimal | None
    actual_text: str
    achievement: Achievement
    rating: Band | None
    findings: list[IkuFinding] = field(default_factory=list)
    #: The capaian as the source LKjIP printed it (Table 7), if one was imported.
    printed_achievement: str | None = None


@dataclass
class IkuReport:
    agency: Agency
    year: int
    policy: RulesPolicy
    scale: RatingScale
    lines: list[IkuLine]
    average: Decimal | None
    rating: Band | None
    average_findings: list[IkuFinding]
    printed_average: str | None
    source: SourceDocument | None = None
    lkjip_checks: list[LkjipCheck] = field(default_factory=list)

    @property
    def findings(self) -> list[IkuFinding]:
        """Findings about the table: each indicator's, then the average's."""
        return [f for line in self.lines for f in line.findings] + self.average_findings

    @property
    def lkjip_errors(self) -> list[LkjipCheck]:
        return [c for c in self.lkjip_checks if not c.ok]

    @property
    def entry_findings(self) -> list[IkuFinding]:
        """The data-quality flags of the recorded data (not of a printed LKjIP)."""
        return [f for line in self.lines for f in line.findings if f.cell != "achievement"]

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.entry_findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.entry_findings if f.severity == "warning")
