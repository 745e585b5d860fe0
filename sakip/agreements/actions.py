"""Actions on Perjanjian Kinerja: each checks who may act, validates, writes inside one
transaction and records an event in the domain event log (ENGINEERING.md, Data flows
one way).

A PK is a draft (konsep) until it is signed; a signed PK is read-only and keeps the
parties' names, positions, pangkat and NIPs as they were at signing. A change to a
signed PK is a revision (perubahan): a new version with its reason and date; earlier
versions stay readable (regulations.md §5.3)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sakip.accounts.access import can_edit_agency, is_pemda_admin
from sakip.agreements.documents import target_numbers
from sakip.agreements.models import (
    Agreement,
    AgreementBudget,
    AgreementEvent,
    AgreementTarget,
    BudgetApproval,
    signing_deadline,
)
from sakip.organisation.holders import in_order_on
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding
from sakip.planning.loaders import budgets_in_force, renja_items
from sakip.planning.models import Indicator, IndicatorTarget, ProgramItem
from sakip.rules import codes as code_rules
from sakip.rules import formatting
from sakip.rules import nip as nip_rules
from sakip.rules.rollup import rollup

if TYPE_CHECKING:
    from sakip.accounts.models import User

#: Budget rows a PK may list, by level (PermenPANRB 53/2014 as practised: the Kepala's
#: PK lists programs, eselon III kegiatan, eselon IV and JF sub kegiatan).
BUDGET_LEVELS = (
    ProgramItem.Level.PROGRAM,
    ProgramItem.Level.KEGIATAN,
    ProgramItem.Level.SUBKEGIATAN,
)


#: Units that qualify a figure rather than count something: not printed after a target
#: ("BB", "B (70)").
UNITS_NOT_PRINTED = frozenset({"grade", "indeks", "index", "nilai", "predikat", "skor"})


# --------------------------------------------------------------------------- permissions


def can_edit(user: User, pemda: Pemda, agency: Agency | None) -> bool:
    """Drafts of an agency: its operator and the Pemda admin. The Pemda's own PKs (the
    Bupati's): the Pemda admin."""
    if agency is not None:
        return can_edit_agency(user, agency)
    return is_pemda_admin(user, pemda)


def require_edit(user: User, pemda: Pemda, agency: Agency | None) -> None:
    if not can_edit(user, pemda, agency):
        raise PermissionDenied("Anda tidak berwenang mengubah perjanjian kinerja ini.")


def require_draft(agreement: Agreement) -> None:
    if agreement.is_signed:
        raise PermissionDenied(
            "PK yang sudah ditandatangani tidak dapat diubah. Buat perubahan (versi baru) "
            "bila isinya perlu diganti."
        )


# --------------------------------------------------------------------------- the parties


@dataclass(frozen=True)
class Party:
    """A party as printed: the "Nama"/"Jabatan" lines and the signature block."""

    employee: Employee
    name: str
    position_title: str
    signature_title: str
    pangkat: str
    nip: str


def holder_prefix(kind: str) -> str:
    """What is printed before the title of a holding of ``kind`` (SE Kepala BKN
    1/SE/I/2021): "Plt. ", "Plh. ", "Pj. " or nothing."""
    return PositionHolding.TITLE_PREFIXES.get(kind, "")


def position_lines(
    position: Position, kind: str = PositionHolding.Kind.DEFINITIF
) -> tuple[str, str]:
    """The "Jabatan :" line and the signature title (lines joined by newlines) of a
    position held as ``kind`` (definitif, Plt., Plh., Pj.), as the seeds print them:
    "Kepala Badan Kesatuan Bangsa dan Politik Kabupaten Paser"; "JF Perencana Ahli
    Muda pada Badan … Kabupaten Paser"; "Pj. BUPATI BANYUMAS"."""
    prefix = holder_prefix(kind)
    title = prefix + position.title
    agency = position.agency
    if agency is None:
        return title, title
    pemda_name = position.pemda.name
    if agency.name.lower() in position.title.lower():
        return f"{title} {pemda_name}", f"{title}\n{pemda_name}"
    return f"{title} pada {agency.name} {pemda_name}", f"{title}\n{agency.name} {pemda_name}"


def _party(holding: PositionHolding) -> Party:
    employee = holding.employee
    line, signature = position_lines(holding.position, holding.kind)
    return Party(
        employee=employee,
        name=employee.name,
        position_title=line,
        signature_title=signature,
        pangkat=employee.pangkat_golongan,
        nip=employee.nip,
    )


def _holdings(positions: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], list]:
    found: dict[tuple[int, int], list[PositionHolding]] = defaultdict(list)
    for holding in (
        PositionHolding.objects.filter(position__in=set(positions), year__in=set(years))
        .select_related("employee", "position__agency", "position__pemda")
        .order_by("acting", "pk")
    ):
        found[(holding.position_id, holding.year)].append(holding)
    return found


def kepala_daerah_positions(pemda_ids: Iterable[int]) -> dict[int, Position]:
    """The position of each Pemda's kepala daerah (Bupati/Walikota): a position of the
    Pemda itself (no agency) without a superior, the one titled with the Pemda's
    ``head_title`` first. One query."""
    candidates = (
        Position.objects.filter(
            pemda_id__in=set(pemda_ids), agency__isnull=True, superior__isnull=True
        )
        .select_related("pemda")
        .order_by("pk")
    )

    def titled(position: Position) -> bool:
        return position.pemda.head_title.lower() in position.title.lower()

    found: dict[int, Position] = {}
    for position in candidates:
        current = found.get(position.pemda_id)
        if current is None or (titled(position) and not titled(current)):
            found[position.pemda_id] = position
    return found


def second_position(position: Position, kepala_daerah: dict[int, Position]) -> Position | None:
    """Whose holder is the pihak kedua: the direct superior position; for the head of an
    agency recorded without one, the kepala daerah (the head of an OPD signs with the
    Bupati/Walikota, PermenPANRB 53/2014; regulations.md §5.1). None only for
    the kepala daerah's own PK, a one-party statement."""
    if position.superior_id is not None:
        return position.superior
    if position.agency_id is None:
        return None
    head = kepala_daerah.get(position.pemda_id)
    return head if head is not None and head.pk != position.pk else None


def current_parties(
    position: Position,
    year: int,
    first_employee: Employee | None = None,
    *,
    strict: bool = False,
    on: datetime.date | None = None,
) -> tuple[Party, Party | None]:
    """The first party (the position's holder that year on the PK's date ``on``,
    ``first_employee`` where it holds several) and the second (the holder of
    ``second_position`` on that date; none for the kepala daerah, whose PK is a
    one-party statement): organisation.holders. Raises ValidationError when a holder
    is missing."""
    heads = kepala_daerah_positions([position.pemda_id]) if position.superior_id is None else {}
    second = second_position(position, heads)
    positions = [position.pk, *([second.pk] if second else [])]
    holdings = _holdings(positions, [year])
    return _parties_from(
        position,
        year,
        holdings,
        first_employee.pk if first_employee else None,
        second,
        strict=strict,
        on=on,
    )


def _parties_from(
    position: Position,
    year: int,
    holdings: dict[tuple[int, int], list[PositionHolding]],
    first_employee_id: int | None,
    second_position: Position | None,
    *,
    strict: bool = False,
    on: datetime.date | None = None,
) -> tuple[Party, Party | None]:
    mine = in_order_on(holdings.get((position.pk, year), []), on)
    if not mine:
        raise ValidationError(
            f"Jabatan {position.title} belum memiliki pemangku tahun {year}. Isi data "
            "pemangku jabatan terlebih dahulu."
        )
    if first_employee_id is not None:
        chosen = [h for h in mine if h.employee_id == first_employee_id]
        if strict and not chosen:
            raise ValidationError(
                f"Pegawai yang dipilih bukan pemangku jabatan {position.title} tahun {year}."
            )
        mine = chosen or mine
    first = _party(mine[0])
    if second_position is None:
        if position.agency_id is not None:
            raise ValidationError(
                f"Jabatan {position.title} tidak memiliki atasan langsung dan pemerintah "
                "daerah belum memiliki jabatan kepala daerah: isi data jabatan terlebih dahulu."
            )
        return first, None
    theirs = in_order_on(holdings.get((second_position.pk, year), []), on)
    if not theirs:
        whom = (
            f"Atasan langsung jabatan {position.title} ({second_position.title})"
            if position.superior_id is not None
            else f"Kepala daerah ({second_position.title}), pihak kedua PK jabatan "
            f"{position.title},"
        )
        raise ValidationError(
            f"{whom} belum memiliki pemangku tahun {year}. Isi data pemangku jabatan "
            "terlebih dahulu."
        )
    return first, _party(theirs[0])


def _apply_parties(agreement: Agreement, first: Party, second: Party | None) -> None:
    agreement.first_employee = first.employee
    agreement.first_name = first.name
    agreement.first_position_title = first.position_title
    agreement.first_signature_title = first.signature_title
    agreement.first_pangkat = first.pangkat
    agreement.first_nip = first.nip
    agreement.first_nip_lampiran = ""
    agreement.second_employee = second.employee if second else None
    agreement.second_name = second.name if second else ""
    agreement.second_position_title = second.position_title if second else ""
    agreement.second_signature_title = second.signature_title if second else ""
    agreement.second_pangkat = second.pangkat if second else ""
    agreement.second_nip = second.nip if second else ""
    agreement.second_nip_lampiran = ""


def show_current_parties(agreements: list[Agreement]) -> None:
    """For display: a draft shows its parties as the employee records stand now (it
    takes them for good when it is signed); a signed PK keeps its own. In memory only,
    two queries whatever the number of agreements."""
    drafts = [a for a in agreements if not a.is_signed]
    if not drafts:
        return
    positions = {
        a.position_id: a.position
        for a in Agreement.objects.filter(pk__in=[a.pk for a in drafts]).select_related(
            "position__superior"
        )
    }
    heads = kepala_daerah_positions({p.pemda_id for p in positions.values()})
    seconds = {pk: second_position(p, heads) for pk, p in positions.items()}
    ids = [*positions, *(p.pk for p in seconds.values() if p is not None)]
    holdings = _holdings(ids, {a.year for a in drafts})
    for agreement in drafts:
        try:
            first, second = _parties_from(
                positions[agreement.position_id],
                agreement.year,
                holdings,
                agreement.first_employee_id,
                seconds[agreement.position_id],
                on=agreement.date,
            )
        except ValidationError:
            continue  # keep what the draft recorded; the cascade reports the missing holder
        _apply_parties(agreement, first, second)


# --------------------------------------------------------------------------- planning look-ups


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
    the row whose item is the nearest ancestor of this row's item (or, for a row known
    only by the kegiatan it falls under, the row of that kegiatan); failing that, the
    row whose objective-level indicator measures the sasaran the item's program serves.
    ``programs`` maps program codes to ProgramItems (with ``objective_id``)."""
    code = row_item_code(row)
    if code is None:
        return None
    try:
        parsed = code_rules.parse_code(code)
    except code_rules.CodeError:
        return None
    only_parent_known = row.indicator is None or row.indicator.program_item is None
    best: AgreementTarget | None = None
    best_len = -1
    for candidate in parent_rows:
        if candidate.indicator is None or candidate.indicator.program_item is None:
            continue
        try:
            ancestor = code_rules.parse_code(candidate.indicator.program_item.code)
        except code_rules.CodeError:
            continue
        above = ancestor.is_ancestor_of(parsed) or (
            only_parent_known and ancestor.segments == parsed.segments
        )
        if above and len(ancestor.segments) > best_len:
            best, best_len = candidate, len(ancestor.segments)
    if best is not None:
        return best
    program_code = ".".join(parsed.segments[:3]) if len(parsed.segments) >= 3 else None
    program = programs.get(program_code or "")
    if program is None or program.objective_id is None:
        return None
    for candidate in parent_rows:
        if (
            candidate.indicator is not None
            and candidate.indicator.objective_id == program.objective_id
        ):
            return candidate
    return None


def superior_agreements(agreement: Agreement) -> list[Agreement]:
    """The latest version of each PK of the superior position in the same year."""
    if agreement.position.superior_id is None:
        return []
    latest: dict[str, Agreement] = {}
    for candidate in Agreement.objects.filter(
        position_id=agreement.position.superior_id, year=agreement.year
    ).order_by("version", "pk"):
        latest[candidate.code or str(candidate.pk)] = candidate
    return list(latest.values())


def superior_rows(agreement: Agreement) -> list[AgreementTarget]:
    """The target rows a row of ``agreement`` may serve."""
    parents = superior_agreements(agreement)
    return list(
        AgreementTarget.objects.filter(agreement__in=parents)
        .select_related("agreement", "indicator__program_item")
        .order_by("agreement_id", "order")
    )


def continuing_rows(agreement: Agreement) -> dict[int, AgreementTarget]:
    """Every row of every version of the superior's PKs → the row of the latest version
    that continues it (a revision copies the rows it revises and records which): a link
    made to a row of an earlier version follows the row into the revision. Two queries."""
    latest = {r.pk: r for r in superior_rows(agreement)}
    if agreement.position.superior_id is None:
        return latest
    previous = dict(
        AgreementTarget.objects.filter(
            agreement__position_id=agreement.position.superior_id,
            agreement__year=agreement.year,
            previous_row__isnull=False,
        ).values_list("pk", "previous_row_id")
    )
    mapping = dict(latest)
    for row in latest.values():
        older = previous.get(row.pk)
        seen = set()
        while older is not None and older not in seen:
            seen.add(older)
            mapping.setdefault(older, row)
            older = previous.get(older)
    return mapping


def _programs(agency_id: int | None, year: int) -> dict[str, ProgramItem]:
    if agency_id is None:
        return {}
    return {
        p.code: p for p in renja_items([agency_id], year).filter(level=ProgramItem.Level.PROGRAM)
    }


def link_to_superior(agreement: Agreement) -> int:
    """Link each unlinked target row of ``agreement`` to the row of the superior's PK
    (same year, latest version) that it serves. Returns how many rows were linked."""
    parent_rows = superior_rows(agreement)
    if not parent_rows:
        return 0
    programs = _programs(agreement.agency_id, agreement.year)
    linked = 0
    for row in agreement.targets.filter(serves=None).select_related("indicator__program_item"):
        target = suggest_serves(row, parent_rows, programs)
        if target is not None:
            row.serves = target
            row.save(update_fields=["serves"])
            linked += 1
    return linked


def pagu_by_item(agency: Agency, year: int, as_of: datetime.date | None = None) -> dict[int, int]:
    """The pagu of every program, kegiatan and sub kegiatan of ``agency``'s Renja of
    ``year``: Σ of the pagu of the leaves beneath it (DOMAIN §3, rules.rollup), from the
    version of the Renja in force on ``as_of`` (a PK's date: a PK murni signed in January
    shows the murni pagu even after an APBD perubahan; a PK perubahan dated after it, the
    perubahan's), the latest version when not given. Items without any budget that year
    are absent. 3 queries."""
    parents = dict(renja_items([agency.pk], year).values_list("pk", "parent_id"))
    budgets = budgets_in_force([agency.pk], year, as_of=as_of).pagu
    sums = rollup(parents, lambda pk: (budgets[pk][0] if pk in budgets else None,), width=1)
    return {pk: total for pk, (total,) in sums.items() if total is not None}


def default_objective_text(indicator: Indicator) -> str:
    if indicator.objective_id:
        return indicator.objective.name  # type: ignore[union-attr]
    if indicator.program_item_id:
        return indicator.program_item.name  # type: ignore[union-attr]
    if indicator.goal_id:
        return indicator.goal.name  # type: ignore[union-attr]
    if indicator.rpjmd_goal_id:
        return indicator.rpjmd_goal.text  # type: ignore[union-attr]
    return ""


def default_target_text(indicator: Indicator, year: int) -> str:
    """The year's Renja target, else its Renstra target, with the indicator's unit."""
    targets = {t.kind: t for t in indicator.targets.all() if t.year == year}
    target = targets.get(IndicatorTarget.Kind.RENJA) or targets.get(IndicatorTarget.Kind.RENSTRA)
    if target is None:
        return ""
    text = target.text or (
        formatting.format_decimal_trimmed(target.value) if target.value is not None else ""
    )
    unit = indicator.unit.strip()
    if text[-1:].isdigit() and unit and unit.lower() not in UNITS_NOT_PRINTED:
        text = f"{text} {unit}"  # "5" + "Dokumen" → "5 Dokumen", as the seeds print targets
    return text


# --------------------------------------------------------------------------- inputs


@dataclass
class TargetInput:
    """One sasaran / indikator / target row as the editor submits it. Blank texts take
    the defaults of the chosen indicator; a blank link takes the suggested one."""

    indicator: Indicator | None = None
    objective_text: str = ""
    indicator_text: str = ""
    target_text: str = ""
    serves: AgreementTarget | None = None
    id: int | None = None


@dataclass
class BudgetInput:
    """One program / kegiatan / sub kegiatan row. A blank amount takes the pagu."""

    item: ProgramItem | None = None
    name: str = ""
    amount: int | None = None
    source: str = ""
    id: int | None = None


def _record(
    user: User | None,
    pemda: Pemda,
    agreement: Agreement | None,
    action: str,
    *,
    subject: str = "",
    reason: str = "",
    details: dict[str, object] | None = None,
) -> AgreementEvent:
    return AgreementEvent.objects.create(
        pemda=pemda,
        agreement=agreement,
        subject=(subject or str(agreement))[:400],
        action=action,
        actor=user if user is not None and user.is_authenticated else None,
        reason=reason,
        details=details or {},
    )


# --------------------------------------------------------------------------- create


def _new_code(position: Position, year: int) -> str:
    base = f"pk-{position.code}-{year}"[:70]
    taken = set(
        Agreement.objects.filter(position=position, year=year).values_list("code", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def default_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """PKs are signed in January of their year; a PK prepared during its year is dated
    the day it is prepared."""
    today = today or timezone.localdate()
    return today if today.year == year else datetime.date(year, 1, 2)


def _check_date(year: int, date: datetime.date | None) -> list[str]:
    if date is None:
        return ["Tanggal PK wajib diisi."]
    if not year - 1 <= date.year <= year:
        return [
            f"Tanggal PK {formatting.format_date(date)} tidak sesuai dengan tahun PK {year}: "
            f"PK tahun {year} ditandatangani pada akhir tahun {year - 1} atau pada tahun {year}."
        ]
    return []


@transaction.atomic
def create_draft(
    user: User,
    position: Position,
    year: int,
    *,
    first_employee: Employee | None = None,
    additional: bool = False,
) -> Agreement:
    """A new draft PK for ``position`` and ``year``: the parties from that year's holders,
    place and date from the Pemda's defaults, no rows yet."""
    require_edit(user, position.pemda, position.agency)
    if not 2000 <= year <= 2100:
        raise ValidationError(f"Tahun {year} tidak valid.")
    if not additional and Agreement.objects.filter(position=position, year=year).exists():
        raise ValidationError(
            f"Jabatan {position.title} sudah memiliki PK tahun {year}. Buka PK tersebut untuk "
            "mengubahnya, atau centang “PK tambahan” bila jabatan ini memang menandatangani "
            "PK kedua (mis. untuk kelompok sub kegiatan lain)."
        )
    first, second = current_parties(
        position, year, first_employee, strict=True, on=default_date(year)
    )
    agreement = Agreement(
        pemda=position.pemda,
        agency=position.agency,
        code=_new_code(position, year),
        year=year,
        position=position,
        state=Agreement.State.DRAFT,
        place=position.pemda.seat,
        date=default_date(year),
        budget_level=_default_budget_level(position),
    )
    _apply_parties(agreement, first, second)
    agreement.save()
    _record(user, position.pemda, agreement, AgreementEvent.Action.CREATED)
    return agreement


def _default_budget_level(position: Position) -> str:
    if position.superior_id is None or position.superior.agency_id is None:  # type: ignore[union-attr]
        return Agreement.BudgetLevel.PROGRAM
    if position.eselon.startswith("III"):
        return Agreement.BudgetLevel.KEGIATAN
    return Agreement.BudgetLevel.SUBKEGIATAN


# --------------------------------------------------------------------------- edit a draft


def _locked(agreement: Agreement) -> Agreement:
    # Lock the agreement row only: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer joins select_related makes (a position without a superior).
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("pemda", "agency", "position__superior", "position__pemda")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def save_draft(
    user: User,
    agreement: Agreement,
    *,
    place: str,
    date: datetime.date | None,
    month_only: bool = False,
    targets: list[TargetInput],
    budget: list[BudgetInput],
) -> Agreement:
    """Replace the header and the rows of a draft. Validates everything first; on any
    error raises ValidationError with every message (nothing is written)."""
    agreement = _locked(agreement)
    require_edit(user, agreement.pemda, agreement.agency)
    require_draft(agreement)
    errors: list[str] = []
    place = (place or "").strip()
    if not place:
        errors.append("Tempat penandatanganan wajib diisi.")
    errors += _check_date(agreement.year, date)

    existing_targets = {t.pk: t for t in agreement.targets.all()}
    existing_budget = {b.pk: b for b in agreement.budget_rows.all()}
    continuing = continuing_rows(agreement)
    allowed_serves = {r.pk: r for r in continuing.values()}
    programs = _programs(agreement.agency_id, agreement.year)

    clean_targets: list[AgreementTarget] = []
    for i, row in enumerate(targets, start=1):
        label = f"Baris sasaran {i}"
        if row.id is not None and row.id not in existing_targets:
            errors.append(f"{label}: baris tidak ditemukan pada PK ini (muat ulang halaman).")
            continue
        indicator = row.indicator
        if indicator is not None and not _indicator_allowed(agreement, indicator):
            errors.append(f"{label}: indikator tidak termasuk perencanaan perangkat daerah ini.")
            continue
        indicator_text = row.indicator_text.strip() or (indicator.name if indicator else "")
        if not indicator_text:
            errors.append(f"{label}: pilih indikator dari perencanaan atau tulis indikatornya.")
            continue
        serves = continuing.get(row.serves.pk) if row.serves is not None else None
        if row.serves is not None and serves is None:
            errors.append(
                f"{label}: baris yang didukung harus baris PK atasan langsung tahun "
                f"{agreement.year}."
            )
            continue
        target = existing_targets.get(row.id) if row.id else None  # type: ignore[arg-type]
        target = target or AgreementTarget(agreement=agreement)
        target.order = i
        target.number = f"{i}."
        target.indicator = indicator
        target.indicator_text = indicator_text
        target.objective_text = row.objective_text.strip() or (
            default_objective_text(indicator) if indicator else ""
        )
        target.target_text = row.target_text.strip() or (
            default_target_text(indicator, agreement.year) if indicator else ""
        )
        target.unit = ""  # the editor shows and takes the unit as part of the target text
        target.serves = serves
        if target.serves is None and allowed_serves:
            target.serves = suggest_serves(target, list(allowed_serves.values()), programs)
        clean_targets.append(target)

    # The pagu of the Renja version in force on the date the PK is to be signed.
    pagu = (
        pagu_by_item(agreement.agency, agreement.year, date or agreement.date)
        if agreement.agency
        else {}
    )
    clean_budget: list[AgreementBudget] = []
    seen_items: set[int] = set()
    levels: set[str] = set()
    for i, row in enumerate(budget, start=1):
        label = f"Baris anggaran {i}"
        if row.id is not None and row.id not in existing_budget:
            errors.append(f"{label}: baris tidak ditemukan pada PK ini (muat ulang halaman).")
            continue
        item = row.item
        if item is not None:
            if item.agency_id != agreement.agency_id or item.level not in BUDGET_LEVELS:
                errors.append(
                    f"{label}: pilih program, kegiatan atau sub kegiatan perangkat daerah ini."
                )
                continue
            if item.pk in seen_items:
                errors.append(f"{label}: {item.code} {item.name} sudah tercantum di baris lain.")
                continue
            seen_items.add(item.pk)
            levels.add(item.level)
        name = row.name.strip() or (item.name if item else "")
        if not name:
            errors.append(f"{label}: pilih program/kegiatan/sub kegiatan atau tulis namanya.")
            continue
        amount = row.amount
        if amount is None and item is not None:
            amount = pagu.get(item.pk)
        if amount is None:
            errors.append(
                f"{label}: pagu {item.code if item else name} tahun {agreement.year} belum "
                "tercatat; isi anggarannya."
            )
            continue
        if amount < 0:
            errors.append(f"{label}: anggaran tidak boleh negatif.")
            continue
        budget_row = existing_budget.get(row.id) if row.id else None  # type: ignore[arg-type]
        budget_row = budget_row or AgreementBudget(agreement=agreement)
        budget_row.order = i
        budget_row.number = f"{i}."
        budget_row.item = item
        budget_row.code = item.code if item else budget_row.code
        budget_row.name = name
        budget_row.amount = amount
        budget_row.amount_printed = ""  # a draft is a new document: sakip prints its figures
        budget_row.source = row.source.strip()
        clean_budget.append(budget_row)
    if len(levels) > 1:
        errors.append(
            "Baris anggaran harus setingkat: semuanya program, semuanya kegiatan, atau semuanya "
            "sub kegiatan."
        )
    if errors:
        raise ValidationError(errors)

    agreement.place = place
    agreement.date = date  # type: ignore[assignment]
    agreement.date_printed = formatting.format_month_year(date) if month_only else ""  # type: ignore[arg-type]
    if levels:
        agreement.budget_level = levels.pop()
    try:
        first, second = current_parties(
            agreement.position, agreement.year, agreement.first_employee, on=date
        )
    except ValidationError:
        pass  # the draft keeps the parties it has; signing requires them
    else:
        _apply_parties(agreement, first, second)
    agreement.save()

    keep_targets = {t.pk for t in clean_targets if t.pk}
    agreement.targets.exclude(pk__in=keep_targets).delete()
    keep_budget = {b.pk for b in clean_budget if b.pk}
    agreement.budget_rows.exclude(pk__in=keep_budget).delete()
    for target in clean_targets:
        target.save()
    for budget_row in clean_budget:
        budget_row.save()
    _record(
        user,
        agreement.pemda,
        agreement,
        AgreementEvent.Action.UPDATED,
        details={"targets": len(clean_targets), "budget_rows": len(clean_budget)},
    )
    return agreement


def _indicator_allowed(agreement: Agreement, indicator: Indicator) -> bool:
    if indicator.pemda_id != agreement.pemda_id:
        return False
    return indicator.agency_id == agreement.agency_id


# --------------------------------------------------------------------------- sign


@transaction.atomic
def sign(user: User, agreement: Agreement) -> Agreement:
    """Record that the draft was signed: the parties are taken from the employee records
    as they stand now and kept from then on, whatever changes later."""
    agreement = _locked(agreement)
    require_edit(user, agreement.pemda, agreement.agency)
    require_draft(agreement)
    errors: list[str] = []
    targets = list(agreement.targets.all())
    if not targets:
        errors.append("PK belum memiliki baris sasaran, indikator dan target.")
    for number, t in zip(target_numbers(targets), targets, strict=True):
        if not t.target_text.strip():
            errors.append(f"Baris sasaran {number.rstrip('.')}: target belum diisi.")
    errors += _check_date(agreement.year, agreement.date)
    try:
        first, second = current_parties(
            agreement.position, agreement.year, agreement.first_employee, on=agreement.date
        )
    except ValidationError as exc:
        errors += exc.messages
    else:
        for role, party in (("pertama", first), ("kedua", second)):
            if party is None or not party.nip:
                continue
            check = nip_rules.parse_nip(party.nip, today=timezone.localdate())
            if not check.valid:
                errors.append(
                    f"NIP pihak {role} ({party.name}) “{party.nip}” tidak valid: "
                    f"{'; '.join(check.errors)}. Perbaiki data pegawai terlebih dahulu."
                )
        _apply_parties(agreement, first, second)
    if errors:
        raise ValidationError(errors)
    agreement.state = Agreement.State.SIGNED
    agreement.signed_at = timezone.now()
    agreement.save()
    _record(
        user,
        agreement.pemda,
        agreement,
        AgreementEvent.Action.SIGNED,
        details={
            "first": {"name": agreement.first_name, "nip": agreement.first_nip},
            "second": {"name": agreement.second_name, "nip": agreement.second_nip},
        },
    )
    return agreement


# --------------------------------------------------------------------------- revise


@transaction.atomic
def revise(
    user: User, agreement: Agreement, *, reason: str, revised_on: datetime.date | None
) -> Agreement:
    """A perubahan: a new draft version of a signed PK, with its reason and date, its
    rows copied from the version it replaces. The earlier version stays as it is."""
    agreement = _locked(agreement)
    require_edit(user, agreement.pemda, agreement.agency)
    errors: list[str] = []
    if not agreement.is_signed:
        errors.append(
            "Konsep PK diubah langsung; perubahan (versi baru) dibuat dari PK yang sudah "
            "ditandatangani."
        )
    if Agreement.objects.filter(previous=agreement).exists():
        errors.append("PK ini sudah memiliki versi perubahan; ubah versi terbaru.")
    reason = (reason or "").strip()
    if not reason:
        errors.append("Alasan perubahan wajib diisi.")
    if revised_on is None:
        errors.append("Tanggal perubahan wajib diisi.")
    elif revised_on < agreement.date:
        errors.append(
            f"Tanggal perubahan {formatting.format_date(revised_on)} tidak boleh sebelum tanggal "
            f"PK yang diubah ({formatting.format_date(agreement.date)})."
        )
    if errors:
        raise ValidationError(errors)
    assert revised_on is not None
    new = Agreement.objects.get(pk=agreement.pk)
    new.pk = None
    new.id = None
    new.previous = agreement
    new.version = agreement.version + 1
    new.state = Agreement.State.DRAFT
    new.signed_at = None
    new.revision_reason = reason
    new.revision_date = revised_on
    new.date = revised_on
    new.date_printed = ""
    new.date_printed_lampiran = ""
    new.printed_total = None
    new.printed_total_text = ""
    new.title_printed = ""
    new.lampiran_title_printed = ""
    new.save()
    continuing = continuing_rows(agreement)
    for t in agreement.targets.all():
        old_pk = t.pk
        t.pk = None
        t.id = None
        t.agreement = new
        t.previous_row_id = old_pk
        if t.serves_id is not None and t.serves_id in continuing:
            t.serves = continuing[t.serves_id]  # the superior's PK may have been revised
        t.save()
    for b in agreement.budget_rows.all():
        b.pk = None
        b.id = None
        b.agreement = new
        b.amount_printed = ""
        b.save()
    _record(
        user,
        agreement.pemda,
        new,
        AgreementEvent.Action.REVISED,
        reason=reason,
        details={"from_version": agreement.version, "revised_on": revised_on.isoformat()},
    )
    return new


@transaction.atomic
def delete_draft(user: User, agreement: Agreement) -> None:
    agreement = _locked(agreement)
    require_edit(user, agreement.pemda, agreement.agency)
    require_draft(agreement)
    _record(user, agreement.pemda, None, AgreementEvent.Action.DELETED, subject=str(agreement))
    agreement.delete()


# --------------------------------------------------------------------------- budget approval


def is_overdue(approved_on: datetime.date | None, today: datetime.date) -> bool:
    return approved_on is not None and today > signing_deadline(approved_on)


def overdue_message(year: int, approved_on: datetime.date) -> str:
    return (
        f"APBD tahun {year} ditetapkan {formatting.format_date(approved_on)}; PK wajib "
        f"ditandatangani paling lambat {formatting.format_date(signing_deadline(approved_on))}."
    )


@transaction.atomic
def set_budget_approval(
    user: User, pemda: Pemda, year: int, approved_on: datetime.date | None
) -> BudgetApproval:
    if not is_pemda_admin(user, pemda):
        raise PermissionDenied("Hanya admin pemerintah daerah yang mengisi tanggal penetapan APBD.")
    errors = []
    if not 2000 <= year <= 2100:
        errors.append(f"Tahun {year} tidak valid.")
    if approved_on is None:
        errors.append("Tanggal penetapan APBD wajib diisi.")
    elif not year - 1 <= approved_on.year <= year:
        errors.append(
            f"APBD tahun {year} ditetapkan pada akhir tahun {year - 1} atau (APBD perubahan) "
            f"pada tahun {year}, bukan {formatting.format_date(approved_on)}."
        )
    if errors:
        raise ValidationError(errors)
    approval, _ = BudgetApproval.objects.update_or_create(
        pemda=pemda, year=year, defaults={"approved_on": approved_on}
    )
    _record(
        user,
        pemda,
        None,
        AgreementEvent.Action.BUDGET_APPROVAL,
        subject=f"Penetapan APBD {pemda.name} tahun {year}",
        details={"year": year, "approved_on": approved_on.isoformat()},  # type: ignore[union-attr]
    )
    return approval
