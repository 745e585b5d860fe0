"""Actions on Perjanjian Kinerja: each validates and writes in one transaction."""

from __future__ import annotations

from sakip.agreements.models import Agreement, AgreementTarget
from sakip.planning.models import ProgramItem
from sakip.rules import codes as code_rules


def row_item_code(row: AgreementTarget) -> str | None:
    """The Permendagri code a target row measures: its indicator's item, or, for a new
    sub kegiatan not yet in the Renja, the kegiatan it falls under."""
    if row.indicator is not None and row.indicator.program_item is not None:
        return row.indicator.program_item.code
    return row.parent_code or None


def suggest_serves(
    row: AgreementTarget,
    parent_rows: list[AgreementTarget],
    programs: dict[str, ProgramItem],
) -> AgreementTarget | None:
    """The row of the superior's PK that ``row`` serves (cascading, PermenPANRB 53/2014):
    the row whose item is the nearest ancestor of this row's item; failing that, the row
    whose objective-level indicator measures the sasaran the item's program serves.
    ``programs`` maps program codes to ProgramItems (with ``objective_id``)."""
    code = row_item_code(row)
    if code is None:
        return None
    try:
        parsed = code_rules.parse_code(code)
    except code_rules.CodeError:
        return None
    best: AgreementTarget | None = None
    best_len = -1
    for candidate in parent_rows:
        candidate_code = row_item_code(candidate) if candidate.indicator_id else None
        if candidate_code and candidate.indicator and candidate.indicator.program_item_id:
            ancestor = code_rules.parse_code(candidate_code)
            if ancestor.is_ancestor_of(parsed) and len(ancestor.segments) > best_len:
                best, best_len = candidate, len(ancestor.segments)
    if best is not None:
        return best
    program_code = ".".join(parsed.segments[:3]) if len(parsed.segments) >= 3 else None
    program = programs.get(program_code or "")
    if program is None or program.objective_id is None:
        return None
    for candidate in parent_rows:
        if candidate.indicator is not None and candidate.indicator.objective_id == program.objective_id:
            return candidate
    return None


def link_to_superior(agreement: Agreement) -> int:
    """Link each unlinked target row of ``agreement`` to the row of the superior's PK
    (same year, latest version) that it serves. Returns how many rows were linked."""
    superior = agreement.position.superior
    if superior is None:
        return 0
    parent = (
        Agreement.objects.filter(position=superior, year=agreement.year)
        .order_by("-version", "-pk")
        .first()
    )
    if parent is None:
        return 0
    parent_rows = list(parent.targets.select_related("indicator__program_item"))
    programs = {
        p.code: p
        for p in ProgramItem.objects.filter(
            agency_id=agreement.agency_id, level=ProgramItem.Level.PROGRAM
        )
    }
    linked = 0
    for row in agreement.targets.filter(serves=None).select_related("indicator__program_item"):
        target = suggest_serves(row, parent_rows, programs)
        if target is not None:
            row.serves = target
            row.save(update_fields=["serves"])
            linked += 1
    return linked
