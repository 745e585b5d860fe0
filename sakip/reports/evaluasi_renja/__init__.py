"""The Evaluasi Hasil Renja form (Permendagri 86/2017, DOMAIN §4.4) for any agency,
year and quarter: loader → rules → Document.

- ``loading``: the rows of one agency or of many, in a fixed number of set-based
  queries (``load`` / ``load_many``), then computed and checked;
- ``compute``: every column through sakip.rules.renja, the footer and its predikat;
- ``checks``: what a source document printed, compared with what sakip computes;
- ``document``: the form as a Document for the screen, PDF, DOCX and XLSX;
- ``report``: the report and line types they share."""

from sakip.reports.evaluasi_renja.compute import (
    UNVERIFIED_MARK,
    averaged_footer,
    level_averages,
    verified,
)
from sakip.reports.evaluasi_renja.document import build_document, footer_explanation
from sakip.reports.evaluasi_renja.loading import load, load_many, planning_agencies
from sakip.reports.evaluasi_renja.report import (
    EVALUATOR_TITLE,
    NAME_PLACEHOLDER,
    NIP_PLACEHOLDER,
    ROMAN,
    RenjaFinding,
    RenjaLine,
    RenjaReport,
)

__all__ = [
    "EVALUATOR_TITLE",
    "NAME_PLACEHOLDER",
    "NIP_PLACEHOLDER",
    "ROMAN",
    "UNVERIFIED_MARK",
    "RenjaFinding",
    "RenjaLine",
    "RenjaReport",
    "averaged_footer",
    "build_document",
    "footer_explanation",
    "level_averages",
    "load",
    "load_many",
    "planning_agencies",
    "verified",
]
