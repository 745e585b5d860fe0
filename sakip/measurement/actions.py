"""Actions of the measurement area. Each one checks who may act and what the rules
allow, writes in one transaction and records a domain event (who, when, what, the
value before and after, why). Views call these; nothing else writes measurement data.

Concurrency: every write to a quarter first locks its QuarterReport row (``SELECT …
FOR UPDATE`` on PostgreSQL; SQLite serialises writers with IMMEDIATE transactions), so
a figure cannot change while the quarter is being approved. A figure itself is
protected against lost updates by optimistic locking: the form carries the version it
was read at, and the write is ``UPDATE … WHERE id = … AND version = n``; when another
save came first, nothing is written and :class:`Conflict` says so."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, Subquery
from django.utils import timezone
from django.utils.text import capfirst

from sakip import errors
from sakip.accounts.access import can_edit_agency, is_pemda_admin, require_agency_edit
from sakip.events import actor_name
from sakip.measurement import access, inputs, sheet
from sakip.measurement.evidence import EvidenceError, check_upload, size_text
from sakip.measurement.models import (
    QUARTERS,
    ActionPlan,
    ActionPlanRow,
    Actual,
    BudgetActual,
    EntryWindow,
    Evidence,
    MeasurementEvent,
    QuarterReport,
)
from sakip.organisation.models import Agency, Pemda, Policy
from sakip.planning.models import Indicator
from sakip.rules import quality
from sakip.rules.formatting import (
    ROMAN_QUARTERS,
    format_date,
    format_decimal_trimmed,
    format_rupiah,
)
from sakip.rules.periods import COMBINE_LABELS, Combine, combine
from sakip.rules.values import parse_figure

if TYPE_CHECKING:
    from sakip.accounts.models import User

State = QuarterReport.State
Action = MeasurementEvent.Action


# The refusals: one set for every action module (sakip.errors), re-exported here for
# the views and the API, which name them as ``actions.Refused`` …
ActionError = errors.ActionError
Refused = errors.Refused
Invalid = errors.Invalid
Conflict = errors.Conflict
NotFound = errors.NotFound


# --------------------------------------------------------------------------- helpers


def _text(raw: str | None, label: str) -> str:
    try:
        return inputs.read_text(raw, label)
    except inputs.InputError as exc:
        raise Invalid(str(exc)) from exc


def _now() -> datetime.datetime:
    return timezone.now()


def _when(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{format_date(local.date())} pukul {local:%H.%M}"


def show_k(value: Decimal | None, text: str = "") -> str:
    if value is not None:
        return format_decimal_trimmed(value)
    return text or "–"


def show_inputs(stored: dict[str, Any] | None) -> str:
    """A formula indicator's stored inputs for the history: "resolved = 12; total = 15"."""
    if not stored:
        return ""
    return "; ".join(f"{name} = {inputs.shown_input(stored[name])}" for name in sorted(stored))


def show_k_with_inputs(value: Decimal | None, text: str, stored: dict[str, Any] | None) -> str:
    shown = show_k(value, text)
    described = show_inputs(stored)
    return f"{shown} ({described})" if described else shown


def show_rp(amount: int | None) -> str:
    return format_rupiah(amount)


def record(
    *,
    pemda: Pemda | int,
    agency: Agency | None,
    year: int,
    quarter: int | None,
    action: str,
    user: User,
    subject: str = "",
    old: str = "",
    new: str = "",
    reason: str = "",
    indicator: Indicator | None = None,
    item_id: int | None = None,
) -> MeasurementEvent:
    return MeasurementEvent.objects.create(
        pemda_id=pemda if isinstance(pemda, int) else pemda.pk,
        agency=agency,
        year=year,
        quarter=quarter,
        action=action,
        subject=subject[:400],
        indicator=indicator,
        item_id=item_id,
        old_value=old,
        new_value=new,
        reason=reason,
        actor=user,
    )


def update_if_version(model: type[models.Model], pk: int, version: int, **fields: Any) -> bool:
    """``UPDATE model SET …, version = version + 1 WHERE id = pk AND version = version``.
    True when the row was still at ``version`` (and is now written), False when another
    write came first (and nothing was written)."""
    manager = model._default_manager  # type: ignore[attr-defined]
    return bool(manager.filter(pk=pk, version=version).update(version=F("version") + 1, **fields))


def _history(model: type[models.Model], obj: models.Model, user: User, reason: str) -> None:
    """A simple_history row for a write done by ``update_if_version`` (which, being an
    UPDATE, does not fire the model's signals)."""
    obj.refresh_from_db()
    _history_of_written(model, obj, user, reason)


def _lock_report(agency: Agency, year: int, quarter: int) -> QuarterReport:
    """The quarter's workflow row, created if needed, locked until the transaction ends."""
    report, _ = QuarterReport.objects.select_for_update().get_or_create(
        agency=agency, year=year, quarter=quarter
    )
    return report


def _window(agency: Agency, year: int, quarter: int) -> EntryWindow | None:
    return EntryWindow.objects.filter(pemda_id=agency.pemda_id, year=year, quarter=quarter).first()


def _require_entry(user: User, agency: Agency, report: QuarterReport) -> EntryWindow | None:
    """Refuse unless ``user`` may change the quarter's figures now; the quarter's entry
    window, read for the check."""
    window = _window(agency, report.year, report.quarter)
    _check_entry(user, agency, report, window)
    return window


def _check_entry(
    user: User, agency: Agency, report: QuarterReport, window: EntryWindow | None
) -> None:
    """Refuse unless ``user`` may change the quarter's figures now."""
    require_agency_edit(user, agency)
    block = access.entry_block(
        user,
        agency,
        report,
        window,
        timezone.localdate(),
        # Read only when it changes the refusal's words.
        head_approves=report.awaiting_head and head_approves(agency),
    )
    if block:
        raise Refused(block)


def head_approves(agency: Agency) -> bool:
    """The Pemda's policy that the agency's pimpinan approves a submitted quarter before
    the verifikator (organisation.Policy.head_approves_quarters)."""
    return bool(
        Policy.objects.filter(pemda_id=agency.pemda_id)
        .values_list("head_approves_quarters", flat=True)
        .first()
    )


def _subject(year: int, quarter: int, name: str) -> str:
    return f"TW {ROMAN_QUARTERS[quarter - 1]} {year} · {name}"


def _conflict(who: str, when: str, now_shown: str, yours: str) -> Conflict:
    by = f" oleh {who}" if who else ""
    at = f" ({when})" if when else ""
    return Conflict(
        f"Angka ini baru saja diubah{by}{at} menjadi {now_shown}, setelah halaman Anda "
        f"dibuka. Simpanan Anda ({yours}) tidak dipakai agar perubahan itu tidak hilang; "
        "periksa angka terbaru, lalu simpan lagi bila memang perlu diubah."
    )


# --------------------------------------------------------------------------- figures


def was_unlocked(agency: Agency, year: int, quarter: int) -> bool:
    """Whether an admin has ever unlocked this quarter after its approval: from then on
    every change to its figures says why (the approved figures were relied upon)."""
    return MeasurementEvent.objects.filter(
        agency=agency, year=year, quarter=quarter, action=Action.UNLOCKED
    ).exists()


REASON_AFTER_UNLOCK = (
    "Alasan perubahan wajib diisi: triwulan ini sudah pernah disetujui dan kuncinya dibuka "
    "admin, jadi setiap perubahan angkanya dicatat beserta alasannya. Angka Anda belum "
    "disimpan."
)


def unlocked_once(data: sheet.Sheet) -> bool:
    """``was_unlocked`` for the sheet's quarter, asked once: a save asks it and its
    response shows it."""
    if data.unlocked is None:
        data.unlocked = was_unlocked(data.agency, data.year, data.quarter)
    return data.unlocked


def _require_reason_after_unlock(data: sheet.Sheet, reason: str) -> None:
    if not reason and unlocked_once(data):
        raise Invalid(REASON_AFTER_UNLOCK)


@dataclass(frozen=True)
class Saved:
    changed: bool
    #: The figure's part of the sheet as the save left it (read once, under the
    #: quarter's lock, the saved figure and what it rolls up into recomputed): what the
    #: response shows.
    data: sheet.Sheet | None = None


def _lock_for_entry(
    user: User, agency: Agency, year: int, quarter: int
) -> tuple[QuarterReport, EntryWindow | None, bool]:
    """Lock the quarter's workflow row (created if needed) and refuse unless ``user``
    may change its figures now (``_require_entry``); the row, its entry window and
    whether an admin ever unlocked it (``was_unlocked``). One query once the quarter
    has its row: the window and the unlock are read in the statement that locks it."""
    # One row each at most (unique per Pemda/agency, year and quarter): no ORDER BY.
    windows = EntryWindow.objects.filter(
        pemda_id=agency.pemda_id, year=year, quarter=quarter
    ).order_by()
    locked = (
        QuarterReport.objects.select_for_update()
        .filter(agency=agency, year=year, quarter=quarter)
        .order_by()
        .annotate(
            window_id=Subquery(windows.values("pk")[:1]),
            window_opens=Subquery(windows.values("opens_on")[:1]),
            window_closes=Subquery(windows.values("closes_on")[:1]),
            reopened=Exists(
                MeasurementEvent.objects.filter(
                    agency=agency, year=year, quarter=quarter, action=Action.UNLOCKED
                )
            ),
        )
    )
    report = next(iter(locked), None)
    if report is None:
        report = _lock_report(agency, year, quarter)
        window, reopened = _window(agency, year, quarter), False
    else:
        window = (
            EntryWindow(
                pk=report.window_id,  # type: ignore[attr-defined]
                pemda_id=agency.pemda_id,
                year=year,
                quarter=quarter,
                opens_on=report.window_opens,  # type: ignore[attr-defined]
                closes_on=report.window_closes,  # type: ignore[attr-defined]
            )
            if report.window_id is not None  # type: ignore[attr-defined]
            else None
        )
        reopened = report.reopened  # type: ignore[attr-defined]
    _check_entry(user, agency, report, window)
    return report, window, reopened


def _sheet_for_save(
    user: User, agency: Agency, year: int, quarter: int, **narrow: Any
) -> sheet.Sheet:
    """Lock the quarter, check that ``user`` may enter figures now, and read the sheet
    (``narrow``: ``load_sheet``'s options) with the report and window just read."""
    report, window, reopened = _lock_for_entry(user, agency, year, quarter)
    data = sheet.load_sheet(agency, year, quarter, report=report, window=window, **narrow)
    data.unlocked = reopened
    return data


def _written(obj: models.Model, version: int, **fields: Any) -> None:
    """``obj`` as ``update_if_version(…, version, **fields)`` just wrote it, without
    reading it again: the version it matched, plus one, and the fields it set."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version = version + 1  # type: ignore[attr-defined]


def _history_of_written(
    model: type[models.Model], obj: models.Model, user: User, reason: str
) -> None:
    """``_history`` for a row whose written state is already in ``obj`` (``_written``)."""
    model.history.bulk_history_create(  # type: ignore[attr-defined]
        [obj], update=True, default_user=user, default_change_reason=reason[:100]
    )


def save_actual(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    indicator_id: int,
    *,
    raw: str,
    explanation: str,
    version: int,
    reason: str = "",
    formula_inputs: dict[str, str] | None = None,
) -> Saved:
    """Save an indicator's realisasi of a quarter, as typed (``raw``), with its
    explanation; ``version`` is the version the form was read at (0: no figure yet).

    For an indicator with a formula, ``formula_inputs`` are its variables as typed: when
    any is filled, the realisasi is what the rules' evaluator computes from them, and
    the inputs are stored with it (``raw`` is then ignored); otherwise ``raw`` is the
    figure itself and no inputs are kept.

    Only the indicator's row is read (its quarters, targets, plan and bukti dukung),
    under the quarter's lock, whatever the size of the sheet: the page counts the
    sheet's progress from the rows it shows (``sheet.Tally``)."""
    explanation = _text(explanation, "Penjelasan")
    reason = _text(reason, "Alasan")
    with transaction.atomic():
        data = _sheet_for_save(
            user, agency, year, quarter, indicator_id=indicator_id, with_rp=False
        )
        try:
            changed = _save_actual(
                user, data, indicator_id, raw, explanation, version, reason, formula_inputs
            )
        except ActionError as exc:
            exc.data = data
            raise
    return Saved(changed=changed, data=data)


def _save_actual(
    user: User,
    data: sheet.Sheet,
    indicator_id: int,
    raw: str,
    explanation: str,
    version: int,
    reason: str,
    formula_inputs: dict[str, str] | None,
) -> bool:
    """Whether the figure changed."""
    agency, year, quarter = data.agency, data.year, data.quarter
    row = data.k_row(indicator_id)
    if row is None:
        raise NotFound("Indikator ini tidak termasuk realisasi perangkat daerah ini.")
    current = row.actuals.get(quarter)
    yours = (raw or "").strip() or "kosong"
    if current is None and version != 0:
        raise _conflict("", "", "kosong", yours)
    if current is not None and version != current.version:
        raise _conflict(
            actor_name(current.updated_by),
            _when(current.updated_at),
            show_k(current.value, current.text),
            yours,
        )
    try:
        reading = (
            inputs.read_formula(
                row.indicator.formula, row.indicator.formula_variables, formula_inputs
            )
            if formula_inputs is not None and row.indicator.formula.strip()
            else None
        )
        typed = (
            inputs.KInput(reading.value, "")
            if reading is not None
            else inputs.read_figure(raw, row.target)
        )
    except inputs.InputError as exc:
        raise Invalid(str(exc)) from exc
    new_inputs: dict[str, Any] = dict(reading.stored) if reading is not None else {}
    calc = sheet.evaluate_indicator(
        row,
        quarter,
        typed.value,
        typed.text,
        explanation,
        data.policy,
        data.scale,
        data.grades,
    )
    if calc.errors:
        raise Invalid(calc.errors[0].message, [f.message for f in calc.errors[1:]])
    yours = show_k_with_inputs(typed.value, typed.text, new_inputs)
    if current is None:
        if typed.empty and not explanation:
            return False
        _require_reason_after_unlock(data, reason)
        try:
            with transaction.atomic():
                saved = Actual.objects.create(
                    indicator=row.indicator,
                    year=year,
                    quarter=quarter,
                    value=typed.value,
                    text=typed.text,
                    inputs=new_inputs,
                    explanation=explanation,
                    updated_by=user,
                )
        except IntegrityError:
            latest = Actual.objects.select_related("updated_by").get(
                indicator=row.indicator, year=year, quarter=quarter
            )
            sheet.put_actual(data, row, latest)  # the response shows what won
            raise _conflict(
                actor_name(latest.updated_by),
                _when(latest.updated_at),
                show_k(latest.value, latest.text),
                yours,
            ) from None
        old_shown, old_explanation = "–", ""
    else:
        if (current.value, current.text, current.inputs or {}, current.explanation) == (
            typed.value,
            typed.text,
            new_inputs,
            explanation,
        ):
            return False
        _require_reason_after_unlock(data, reason)
        old_shown = show_k_with_inputs(current.value, current.text, current.inputs)
        old_explanation = current.explanation
        fields = {
            "value": typed.value,
            "text": typed.text,
            "inputs": new_inputs,
            "explanation": explanation,
            "updated_by": user,
            "updated_at": _now(),
        }
        if not update_if_version(Actual, current.pk, version, **fields):
            latest = Actual.objects.select_related("updated_by").get(pk=current.pk)
            sheet.put_actual(data, row, latest)
            raise _conflict(
                actor_name(latest.updated_by),
                _when(latest.updated_at),
                show_k(latest.value, latest.text),
                yours,
            )
        _written(current, version, **fields)
        _history_of_written(Actual, current, user, reason)
        saved = current
    sheet.put_actual(data, row, saved)
    subject = _subject(year, quarter, row.indicator.name)
    new_shown = show_k_with_inputs(typed.value, typed.text, new_inputs)
    if new_shown != old_shown:
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=year,
            quarter=quarter,
            action=Action.VALUE_CHANGED,
            user=user,
            subject=subject,
            old=old_shown,
            new=new_shown,
            reason=reason,
            indicator=row.indicator,
        )
    if explanation != old_explanation:
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=year,
            quarter=quarter,
            action=Action.EXPLANATION_CHANGED,
            user=user,
            subject=subject,
            old=old_explanation,
            new=explanation,
            reason=reason,
            indicator=row.indicator,
        )
    return True


def save_budget_actual(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    item_id: int,
    *,
    raw: str,
    version: int,
    reason: str = "",
) -> Saved:
    """Save a sub kegiatan's realisasi anggaran of a quarter (whole Rupiah). Only the
    line is read as a row, with the program and kegiatan sums above it (every line's
    pagu and realisasi to date summed by the database), under the quarter's lock."""
    reason = _text(reason, "Alasan")
    with transaction.atomic():
        data = _sheet_for_save(user, agency, year, quarter, item_id=item_id, with_k=False)
        try:
            changed = _save_budget_actual(user, data, item_id, raw, version, reason)
        except ActionError as exc:
            exc.data = data
            raise
    return Saved(changed=changed, data=data)


def _save_budget_actual(
    user: User, data: sheet.Sheet, item_id: int, raw: str, version: int, reason: str
) -> bool:
    """Whether the figure changed."""
    agency, year, quarter = data.agency, data.year, data.quarter
    line = data.rp_row(item_id)
    if line is None:
        raise NotFound("Sub kegiatan ini tidak memiliki pagu pada tahun ini.")
    current = line.amounts.get(quarter)
    yours = (raw or "").strip() or "kosong"
    if current is None and version != 0:
        raise _conflict("", "", "kosong", yours)
    if current is not None and version != current.version:
        raise _conflict(
            actor_name(current.updated_by),
            _when(current.updated_at),
            show_rp(current.amount),
            yours,
        )
    try:
        amount = inputs.read_rupiah(raw)
    except inputs.InputError as exc:
        raise Invalid(str(exc)) from exc
    calc = sheet.evaluate_budget(line, quarter, amount)
    if calc.errors:
        raise Invalid(calc.errors[0].message, [f.message for f in calc.errors[1:]])
    yours = show_rp(amount)
    if current is None:
        if amount is None:
            return False
        _require_reason_after_unlock(data, reason)
        try:
            with transaction.atomic():
                saved = BudgetActual.objects.create(
                    item=line.item, year=year, quarter=quarter, amount=amount, updated_by=user
                )
        except IntegrityError:
            latest = BudgetActual.objects.select_related("updated_by").get(
                item=line.item, year=year, quarter=quarter
            )
            sheet.put_budget_actual(data, line, latest)  # the response shows what won
            raise _conflict(
                actor_name(latest.updated_by),
                _when(latest.updated_at),
                show_rp(latest.amount),
                yours,
            ) from None
        old = None
    else:
        if current.amount == amount:
            return False
        _require_reason_after_unlock(data, reason)
        old = current.amount
        fields = {"amount": amount, "updated_by": user, "updated_at": _now()}
        if not update_if_version(BudgetActual, current.pk, version, **fields):
            latest = BudgetActual.objects.select_related("updated_by").get(pk=current.pk)
            sheet.put_budget_actual(data, line, latest)
            raise _conflict(
                actor_name(latest.updated_by),
                _when(latest.updated_at),
                show_rp(latest.amount),
                yours,
            )
        _written(current, version, **fields)
        _history_of_written(BudgetActual, current, user, reason)
        saved = current
    sheet.put_budget_actual(data, line, saved)
    record(
        pemda=agency.pemda_id,
        agency=agency,
        year=year,
        quarter=quarter,
        action=Action.VALUE_CHANGED,
        user=user,
        subject=_subject(year, quarter, f"Anggaran {line.item.code} {line.item.name}"),
        old=show_rp(old),
        new=show_rp(amount),
        reason=reason,
        item_id=line.item.pk,
    )
    return True


# --------------------------------------------------------------------------- evidence


def add_evidence(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    *,
    indicator_id: int | None = None,
    item_id: int | None = None,
    upload: UploadedFile,
) -> Evidence:
    """Attach a bukti dukung to one figure. The file's type is decided by its content;
    it is stored under MEDIA_ROOT with a generated name."""
    return add_evidence_to_sheet(
        user, agency, year, quarter, indicator_id=indicator_id, item_id=item_id, upload=upload
    ).evidence


@dataclass(frozen=True)
class Added:
    evidence: Evidence
    #: The figure's part of the sheet, read once under the quarter's lock, with the new
    #: bukti dukung in the figure's list: what the response shows.
    data: sheet.Sheet


def add_evidence_to_sheet(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    *,
    indicator_id: int | None = None,
    item_id: int | None = None,
    upload: UploadedFile,
) -> Added:
    """``add_evidence``, returning the sheet it read as well."""
    if (indicator_id is None) == (item_id is None):
        raise NotFound("Bukti dukung harus untuk satu angka.")
    try:
        checked = check_upload(upload)
    except EvidenceError as exc:
        raise Invalid(str(exc)) from exc
    stored: list[tuple[Any, str]] = []
    try:
        return _add_evidence(
            user, agency, year, quarter, indicator_id, item_id, upload, checked, stored
        )
    except BaseException:
        # The transaction rolled back (a refusal, an error, a failed COMMIT): the file
        # already written must not stay behind without its row.
        for storage, name in stored:
            storage.delete(name)
        raise


def _add_evidence(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    indicator_id: int | None,
    item_id: int | None,
    upload: UploadedFile,
    checked: Any,
    stored: list[tuple[Any, str]],
) -> Added:
    with transaction.atomic():
        figure: sheet.KRow | sheet.RpRow | None
        if indicator_id is not None:
            data = _sheet_for_save(
                user, agency, year, quarter, indicator_id=indicator_id, with_rp=False
            )
            figure = data.k_row(indicator_id)
            if figure is None:
                raise NotFound("Indikator ini tidak termasuk realisasi perangkat daerah ini.")
            name, indicator = figure.indicator.name, figure.indicator
        else:
            data = _sheet_for_save(user, agency, year, quarter, item_id=item_id, with_k=False)
            figure = data.rp_row(item_id)  # type: ignore[arg-type]
            if figure is None:
                raise NotFound("Sub kegiatan ini tidak memiliki pagu pada tahun ini.")
            name, indicator = f"Anggaran {figure.item.code} {figure.item.name}", None
        # The same file twice on one figure is a slip (a double click, a retry), never a
        # second piece of evidence; the report's row lock above serialises uploads.
        same = Evidence.objects.filter(
            agency=agency,
            year=year,
            quarter=quarter,
            indicator=indicator,
            item_id=item_id,
            sha256=checked.sha256,
        ).first()
        if same is not None:
            refusal = Invalid(
                f"Berkas ini sudah dilampirkan pada angka ini sebagai “{same.original_name}”; "
                "tidak dilampirkan dua kali."
            )
            refusal.data = data
            raise refusal
        evidence = Evidence(
            agency=agency,
            year=year,
            quarter=quarter,
            indicator=indicator,
            item_id=item_id,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        evidence.file.save("bukti", upload, save=False)
        stored.append((evidence.file.storage, evidence.file.name))
        evidence.save()
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=year,
            quarter=quarter,
            action=Action.EVIDENCE_ADDED,
            user=user,
            subject=_subject(year, quarter, name),
            new=f"{checked.name} ({size_text(checked.size)})",
            indicator=indicator,
            item_id=item_id,
        )
        figure.evidence.append(evidence)  # the newest last, as the sheet orders them
    return Added(evidence=evidence, data=data)


def remove_evidence(user: User, evidence: Evidence, reason: str = "") -> None:
    """Remove a bukti dukung, saying why (the reason goes to the event log); the file
    goes once the transaction commits."""
    agency = evidence.agency
    reason = _text(reason, "Alasan")
    if not reason:
        raise Invalid(
            f"Tuliskan alasan menghapus bukti dukung “{evidence.original_name}”; alasan itu "
            "dicatat di riwayat. Berkas belum dihapus."
        )
    with transaction.atomic():
        report = _lock_report(agency, evidence.year, evidence.quarter)
        _require_entry(user, agency, report)
        subject_name = (
            evidence.indicator.name
            if evidence.indicator
            else f"Anggaran {evidence.item.code} {evidence.item.name}"  # type: ignore[union-attr]
        )
        storage, stored = evidence.file.storage, evidence.file.name
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=evidence.year,
            quarter=evidence.quarter,
            action=Action.EVIDENCE_REMOVED,
            user=user,
            subject=_subject(evidence.year, evidence.quarter, subject_name),
            old=f"{evidence.original_name} ({size_text(evidence.size)})",
            reason=reason,
            indicator=evidence.indicator,
            item_id=evidence.item_id,
        )
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(stored))


# --------------------------------------------------------------------------- workflow


def _transition(report: QuarterReport, user: User, state: str, reason: str, **fields: Any) -> None:
    report.state = state
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = reason[:100]  # type: ignore[attr-defined]
    report.save(update_fields=["state", "version", *fields])


def _state_changed(report: QuarterReport) -> Refused:
    return Refused(
        f"Status triwulan ini sekarang “{report.get_state_display()}”; muat ulang halaman "
        "untuk melihat perubahan terbaru."
    )


BLANK_NAMES_IN_MESSAGE = 5


class NeedsConfirmation(ActionError):
    """The quarter still has blank figures: the submission goes through only when the
    user confirms, having read which ones."""


def blank_figures_message(sheet_data: sheet.Sheet) -> tuple[str, list[str]] | None:
    """``("3 indikator dan 2 sub kegiatan belum diisi", [their names])`` for the figures
    of the quarter left blank, or None when every figure is filled."""
    blank_k = [row.indicator.name for row in sheet_data.k_rows if not row.tally.filled]
    blank_rp = [
        f"{line.item.code} {line.item.name}" for line in sheet_data.rp_rows if not line.tally.filled
    ]
    if not blank_k and not blank_rp:
        return None
    parts = []
    if blank_k:
        parts.append(f"{len(blank_k)} indikator")
    if blank_rp:
        parts.append(f"{len(blank_rp)} sub kegiatan")
    names = [*blank_k, *blank_rp]
    return f"{' dan '.join(parts)} belum diisi", names


def submit_quarter(
    user: User, agency: Agency, year: int, quarter: int, *, confirm_blank: bool = False
) -> QuarterReport:
    """The operator (or the admin) hands the quarter to the verifikator, or first to the
    agency's pimpinan where the Pemda's policy says so (``awaiting_head``). Refused while
    a figure has an error or lacks a required explanation; with figures left blank,
    refused unless ``confirm_blank`` says the user saw the list and submits anyway."""
    with transaction.atomic():
        report = _lock_report(agency, year, quarter)
        if report.state not in (State.OPEN, State.RETURNED):
            if not can_edit_agency(user, agency):
                raise PermissionDenied("Anda tidak berwenang mengajukan triwulan ini.")
            raise _state_changed(report)
        _require_entry(user, agency, report)
        data = sheet.load_sheet(agency, year, quarter)
        summary = data.summary()
        if summary.problems:
            raise Invalid(
                f"Belum dapat diajukan: {len(summary.problems)} angka masih perlu diperbaiki.",
                summary.problems,
            )
        blank = blank_figures_message(data)
        if blank and not confirm_blank:
            # A handful of names in the message; the page lists them all.
            names = "; ".join(blank[1][:BLANK_NAMES_IN_MESSAGE])
            more = len(blank[1]) - BLANK_NAMES_IN_MESSAGE
            if more > 0:
                names += f"; dan {more} lainnya (daftar lengkap di bawah tombol Ajukan)"
            raise NeedsConfirmation(
                f"Belum diajukan: {blank[0]}: {names}. Centang “Ajukan walaupun belum "
                "lengkap” bila memang akan diajukan sekarang."
            )
        note = (
            f"{summary.k_filled} dari {summary.k_total} indikator dan {summary.rp_filled} dari "
            f"{summary.rp_total} sub kegiatan terisi"
        )
        to_head = data.head_approves
        _transition(
            report,
            user,
            State.SUBMITTED,
            "diajukan ke pimpinan" if to_head else "diajukan",
            awaiting_head=to_head,
            returned_by_head=False,
        )
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=year,
            quarter=quarter,
            action=Action.SUBMITTED_TO_HEAD if to_head else Action.SUBMITTED,
            user=user,
            subject=f"TW {ROMAN_QUARTERS[quarter - 1]} {year}",
            new=note,
        )
    return report


def _require_verifier(user: User, agency: Agency) -> None:
    if not access.can_verify(user, agency):
        raise PermissionDenied("Hanya verifikator yang dapat memverifikasi realisasi.")


def _with_verifier(report: QuarterReport, agency: Agency) -> None:
    """Refuse unless the submitted quarter is in the verifikator's hands: not while the
    agency's pimpinan has still to approve it under the Pemda's policy."""
    if report.state != State.SUBMITTED:
        raise _state_changed(report)
    if report.awaiting_head and head_approves(agency):
        raise Refused(
            "Triwulan ini masih menunggu persetujuan pimpinan perangkat daerah; verifikator "
            "baru dapat memeriksanya setelah pimpinan menyetujuinya."
        )


def _require_head(user: User, agency: Agency) -> None:
    if not access.can_approve_as_head(user, agency):
        raise PermissionDenied(
            "Hanya pimpinan perangkat daerah ini yang dapat menyetujui atau mengembalikan "
            "realisasi triwulannya sebelum verifikasi."
        )


def _awaiting_head(report: QuarterReport, agency: Agency) -> None:
    """Refuse unless the quarter awaits the pimpinan. A quarter marked while the option
    was on, once the Pemda turns it off, counts as submitted: the verifikator's."""
    if report.state != State.SUBMITTED or not report.awaiting_head:
        raise _state_changed(report)
    if not head_approves(agency):
        raise Refused(
            "Kebijakan pemerintah daerah tidak lagi mewajibkan persetujuan pimpinan sebelum "
            "verifikasi: triwulan ini sudah berada di antrean verifikator."
        )


def _review_step(
    user: User,
    agency: Agency,
    year: int,
    quarter: int,
    *,
    allowed: Callable[[QuarterReport], None],
    state: str,
    change_reason: str,
    action: str,
    note: str,
    **fields: Any,
) -> None:
    """One step of the quarter's review: the quarter's row locked, ``allowed`` refusing
    unless the row is where this step starts, the state changed (with ``fields``) and
    the event recorded with the reviewer's note, in one transaction."""
    with transaction.atomic():
        report = _lock_report(agency, year, quarter)
        allowed(report)
        _transition(report, user, state, change_reason, **fields)
        record(
            pemda=agency.pemda_id,
            agency=agency,
            year=year,
            quarter=quarter,
            action=action,
            user=user,
            subject=f"TW {ROMAN_QUARTERS[quarter - 1]} {year}",
            reason=note,
        )


def _return_note(note: str) -> str:
    note = _text(note, "Catatan")
    if not note:
        raise Invalid("Tuliskan catatan untuk operator: apa yang harus diperbaiki.")
    return note


def approve_quarter_as_head(
    user: User, agency: Agency, year: int, quarter: int, note: str = ""
) -> None:
    """The agency's pimpinan approves the submitted quarter: it stays submitted (and
    locked for entry) and now reaches the verifikator's queue."""
    _require_head(user, agency)
    _review_step(
        user,
        agency,
        year,
        quarter,
        allowed=lambda report: _awaiting_head(report, agency),
        state=State.SUBMITTED,
        change_reason="disetujui pimpinan",
        action=Action.HEAD_APPROVED,
        note=_text(note, "Catatan"),
        awaiting_head=False,
    )


def return_quarter_as_head(user: User, agency: Agency, year: int, quarter: int, note: str) -> None:
    """The agency's pimpinan returns the submitted quarter to the operator with notes,
    as the verifikator would."""
    _require_head(user, agency)
    _return_to_operator(user, agency, year, quarter, note, by_head=True)


def _return_to_operator(
    user: User, agency: Agency, year: int, quarter: int, note: str, *, by_head: bool
) -> None:
    """The quarter back to the operator with the reviewer's note (required), from the
    pimpinan's step (``by_head``) or the verifikator's."""
    note = _return_note(note)
    _review_step(
        user,
        agency,
        year,
        quarter,
        allowed=lambda report: (_awaiting_head if by_head else _with_verifier)(report, agency),
        state=State.RETURNED,
        change_reason="dikembalikan pimpinan" if by_head else "dikembalikan",
        action=Action.HEAD_RETURNED if by_head else Action.RETURNED,
        note=note,
        review_note=note,
        awaiting_head=False,
        returned_by_head=by_head,
    )


def approve_quarter(user: User, agency: Agency, year: int, quarter: int, note: str = "") -> None:
    """The verifikator approves a submitted quarter: it is locked for everyone."""
    _require_verifier(user, agency)
    _review_step(
        user,
        agency,
        year,
        quarter,
        allowed=lambda report: _with_verifier(report, agency),
        state=State.APPROVED,
        change_reason="disetujui",
        action=Action.APPROVED,
        note=_text(note, "Catatan"),
        awaiting_head=False,
    )


def return_quarter(user: User, agency: Agency, year: int, quarter: int, note: str) -> None:
    """The verifikator returns a submitted quarter to the operator with notes."""
    _require_verifier(user, agency)
    _return_to_operator(user, agency, year, quarter, note, by_head=False)


def _approved(report: QuarterReport) -> None:
    if report.state != State.APPROVED:
        raise _state_changed(report)


def unlock_quarter(user: User, agency: Agency, year: int, quarter: int, reason: str) -> None:
    """Only the Pemda's admin unlocks an approved quarter, and says why."""
    if not access.can_unlock(user, agency):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat membuka kunci.")
    reason = _text(reason, "Alasan")
    if not reason:
        raise Invalid("Tuliskan alasan membuka kunci triwulan ini.")
    _review_step(
        user,
        agency,
        year,
        quarter,
        allowed=_approved,
        state=State.OPEN,
        change_reason="kunci dibuka",
        action=Action.UNLOCKED,
        note=reason,
    )


NARRATIVE_FIELDS = ("driving_factors", "inhibiting_factors", "follow_up_quarter", "follow_up_renja")


def _narrative_conflict() -> Conflict:
    return Conflict(
        "Uraian triwulan ini sudah disimpan orang lain setelah halaman Anda dibuka; uraian Anda "
        "belum disimpan. Teks Anda tetap di formulir; bandingkan dengan uraian tersimpan di "
        "bawahnya, lalu simpan lagi bila memang perlu diganti."
    )


def save_narrative(
    user: User, agency: Agency, year: int, quarter: int, texts: dict[str, str], version: int
) -> Saved:
    """The four narrative rows of the Evaluasi Hasil Renja form for the quarter.

    ``version`` is the quarter's version the form was read at; 0 means the form was read
    before the quarter had a QuarterReport, i.e. "I expect no saved narrative yet": it
    is refused once someone has saved one (the report may have been created meanwhile
    by a figure's save, which does not make the form stale)."""
    new = {
        name: _text(texts.get(name), capfirst(QuarterReport._meta.get_field(name).verbose_name))
        for name in NARRATIVE_FIELDS
    }
    with transaction.atomic():
        report = _lock_report(agency, year, quarter)
        _require_entry(user, agency, report)
        if version == 0:
            stale = any(getattr(report, name) for name in NARRATIVE_FIELDS)
        else:
            stale = version != report.version
        if stale:
            raise _narrative_conflict()
        changed = {name: value for name, value in new.items() if getattr(report, name) != value}
        if not changed:
            return Saved(changed=False)
        old = {name: getattr(report, name) for name in changed}
        if not update_if_version(QuarterReport, report.pk, report.version, **changed):
            raise _narrative_conflict()
        _history(QuarterReport, report, user, "uraian diubah")
        for name, value in changed.items():
            label = str(QuarterReport._meta.get_field(name).verbose_name)
            record(
                pemda=agency.pemda_id,
                agency=agency,
                year=year,
                quarter=quarter,
                action=Action.NARRATIVE_CHANGED,
                user=user,
                subject=_subject(year, quarter, label[:1].upper() + label[1:]),
                old=old[name],
                new=value,
            )
    return Saved(changed=True)


def set_entry_window(
    user: User,
    pemda: Pemda,
    year: int,
    quarter: int,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> None:
    """The Pemda's admin sets (or, with both dates empty, removes) a quarter's window."""
    if not is_pemda_admin(user, pemda):
        raise PermissionDenied("Hanya admin pemerintah daerah yang dapat mengatur jadwal.")
    if (opens_on is None) != (closes_on is None):
        raise Invalid("Isi tanggal dibuka dan ditutup, atau kosongkan keduanya.")
    if opens_on and closes_on and closes_on < opens_on:
        raise Invalid("Tanggal ditutup tidak boleh sebelum tanggal dibuka.")
    with transaction.atomic():
        current = (
            EntryWindow.objects.select_for_update()
            .filter(pemda=pemda, year=year, quarter=quarter)
            .first()
        )
        before = (
            f"{format_date(current.opens_on)} – {format_date(current.closes_on)}"
            if current
            else "belum diatur"
        )
        if opens_on is None or closes_on is None:
            if current is None:
                return
            current.delete()
            after = "belum diatur"
        else:
            if current and (current.opens_on, current.closes_on) == (opens_on, closes_on):
                return
            window = current or EntryWindow(pemda=pemda, year=year, quarter=quarter)
            window.opens_on, window.closes_on = opens_on, closes_on
            window._history_user = user  # type: ignore[attr-defined]
            window.save()
            after = f"{format_date(opens_on)} – {format_date(closes_on)}"
        record(
            pemda=pemda,
            agency=None,
            year=year,
            quarter=quarter,
            action=Action.WINDOW_SET,
            user=user,
            subject=f"Jadwal pengisian TW {ROMAN_QUARTERS[quarter - 1]} {year}",
            old=before,
            new=after,
        )


# --------------------------------------------------------------------------- Rencana Aksi


def plan_target_finding(
    targets: Sequence[Decimal | None], method: Combine | str, year_target_text: str
) -> str | None:
    """Why quarterly targets do not make the yearly PK target, or None when they do (or
    when there is nothing to compare: no quarter filled, a target that is not a number)."""
    method = Combine(method)
    combined = combine(targets, method)
    if combined is None:
        return None
    figure = parse_figure(year_target_text)
    shown = format_decimal_trimmed(combined)
    rule = COMBINE_LABELS[method]
    if figure.kind == "range" and figure.low is not None and figure.high is not None:
        if figure.low <= combined <= figure.high:
            return None
        return (
            f"Target TW I–IV digabung ({rule}) = {shown}, di luar target tahunan PK "
            f"“{year_target_text}”."
        )
    if figure.value is None:
        return None
    if combined == figure.value:
        return None
    blank = [f"TW {ROMAN_QUARTERS[q]}" for q, t in enumerate(targets) if t is None]
    pending = f" {' dan '.join(blank)} belum bertarget." if blank else ""
    return (
        f"Target TW I–IV digabung ({rule}) = {shown}, tidak sama dengan target tahunan PK "
        f"{format_decimal_trimmed(figure.value)} (“{year_target_text}”).{pending}"
    )


def plan_target_refusal(
    targets: Sequence[Decimal | None], method: Combine | str, year_target_text: str
) -> str | None:
    """Why quarterly targets cannot be saved, or None. A Rencana Aksi may be saved
    part-filled (some quarters still blank, the editor warns); it is refused when all four
    are filled and do not make the PK's yearly target, or when the quarters filled
    already exceed it under a rule that blank quarters cannot bring down (sum, max: the
    targets are never negative)."""
    finding = plan_target_finding(targets, method, year_target_text)
    if finding is None:
        return None
    if all(t is not None for t in targets):
        return finding
    if Combine(method) not in (Combine.SUM, Combine.MAX):
        return None
    combined = combine(targets, Combine(method))
    figure = parse_figure(year_target_text)
    upper = figure.high if figure.kind == "range" else figure.value
    if combined is not None and upper is not None and combined > upper:
        return finding
    return None


def _plan_closed_message(quarter: int, year: int, state: str) -> str:
    roman = ROMAN_QUARTERS[quarter - 1]
    if state == State.APPROVED:
        now, who = "disetujui dan dikunci", "admin membuka kuncinya"
    else:
        now, who = "diajukan ke verifikator", "verifikator mengembalikannya"
    return (
        f"Target TW {roman} tidak dapat diubah: realisasi TW {roman} {year} sudah {now}. "
        f"Bila target itu perlu dikoreksi, minta {who} terlebih dahulu. Tidak ada yang "
        "disimpan."
    )


def _show_plan(targets: Sequence[Decimal | None]) -> str:
    return " / ".join(show_k(t) for t in targets)


def save_plan_row(
    user: User,
    agency: Agency,
    year: int,
    indicator_id: int,
    *,
    raw_targets: Sequence[str],
    action_text: str,
    version: int,
) -> Saved:
    """The Rencana Aksi of one PK indicator: its TW I–IV targets (which, combined per the
    indicator's rule, must make the PK's yearly target) and the planned actions."""
    from sakip.measurement.plan import load_plan_editor

    require_agency_edit(user, agency)
    targets: list[Decimal | None] = []
    for quarter, raw in enumerate(raw_targets, start=1):
        try:
            targets.append(
                inputs.read_decimal_or_empty(raw, f"Target TW {ROMAN_QUARTERS[quarter - 1]}")
            )
        except inputs.InputError as exc:
            raise Invalid(str(exc)) from exc
    for quarter, value in enumerate(targets, start=1):
        negative = quality.check_negative(value, f"Target TW {ROMAN_QUARTERS[quarter - 1]}")
        if negative:
            raise Invalid(negative.message)
    action_text = _text(action_text, "Rencana aksi")
    with transaction.atomic():
        plan, _ = ActionPlan.objects.get_or_create(agency=agency, year=year)
        ActionPlan.objects.select_for_update().get(pk=plan.pk)
        editor = load_plan_editor(agency, year, indicator_id=indicator_id)
        line = editor.row(indicator_id)
        if line is None:
            raise NotFound("Indikator ini tidak ada dalam PK tahun ini.")
        current = line.plan_row
        # A quarter's target is what its realisasi is measured against: once the quarter
        # is submitted or approved, changing it would change a figure under review.
        before_targets = (
            [current.q1_target, current.q2_target, current.q3_target, current.q4_target]
            if current is not None
            else [None, None, None, None]
        )
        # Each changed quarter's row is locked (created if needed, as submit_quarter
        # does), so a submission cannot slip in between this check and the write.
        for quarter in QUARTERS:
            if before_targets[quarter - 1] == targets[quarter - 1]:
                continue
            report = _lock_report(agency, year, quarter)
            if report.state in (State.SUBMITTED, State.APPROVED):
                raise Refused(_plan_closed_message(quarter, year, report.state))
        problem = plan_target_refusal(targets, line.indicator.quarter_combine, line.target_text)
        if problem:
            raise Invalid(problem)
        marks = {
            f"q{q}": value is not None and value != 0 for q, value in enumerate(targets, start=1)
        }
        if all(t is None for t in targets) and current is not None:
            marks = {f"q{q}": mark for q, mark in enumerate(current.quarter_marks, start=1)}
        fields = {f"q{q}_target": value for q, value in enumerate(targets, start=1)}
        if current is None:
            if version != 0:
                raise Conflict("Baris rencana aksi ini sudah diubah orang lain; muat ulang.")
            if all(t is None for t in targets) and not action_text:
                return Saved(changed=False)
            last = ActionPlanRow.objects.filter(plan=plan).order_by("-order").first()
            indicator = line.indicator
            item = indicator.program_item
            ActionPlanRow.objects.create(
                plan=plan,
                order=(last.order + 1) if last else 1,
                level=(item.level if item else ActionPlanRow.Level.OBJECTIVE),
                item=item,
                indicator=indicator,
                name=(
                    item.name
                    if item
                    else indicator.objective.name
                    if indicator.objective
                    else indicator.name
                ),
                indicator_text=indicator.name,
                target_text=line.target_text,
                action=action_text,
                **fields,
                **marks,
            )
            old = "–"
            old_action = ""
        else:
            if version != current.version:
                raise Conflict(
                    "Baris rencana aksi ini sudah diubah orang lain setelah halaman Anda "
                    "dibuka; perubahan Anda tidak disimpan. Muat ulang lalu ulangi."
                )
            before = [current.q1_target, current.q2_target, current.q3_target, current.q4_target]
            if before == targets and current.action == action_text:
                return Saved(changed=False)
            old, old_action = _show_plan(before), current.action
            if not update_if_version(
                ActionPlanRow, current.pk, version, action=action_text, **fields, **marks
            ):
                raise Conflict("Baris rencana aksi ini sudah diubah orang lain; muat ulang.")
            _history(ActionPlanRow, current, user, "rencana aksi diubah")
        new = _show_plan(targets)
        subject = f"Rencana Aksi {year} · {line.indicator.name}"
        if new != old:
            record(
                pemda=agency.pemda_id,
                agency=agency,
                year=year,
                quarter=None,
                action=Action.PLAN_CHANGED,
                user=user,
                subject=subject,
                old=f"Target TW I–IV: {old}",
                new=f"Target TW I–IV: {new}",
                indicator=line.indicator,
            )
        if action_text != old_action:
            record(
                pemda=agency.pemda_id,
                agency=agency,
                year=year,
                quarter=None,
                action=Action.PLAN_CHANGED,
                user=user,
                subject=subject,
                old=f"Rencana aksi: {old_action}" if old_action else "",
                new=f"Rencana aksi: {action_text}" if action_text else "",
                indicator=line.indicator,
            )
    return Saved(changed=True)
