"""The API's operations. Every one obtains what it reads or changes through the access
gate (sakip.accounts.access) exactly as the pages do, reads figures through the same
loaders (the sheet, the Renja tree, the Evaluasi Renja report), and writes through the
measurement actions, so the checks, the conflict detection and the audit trail are the
page's own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from ninja import Router, Status

from sakip.accounts.access import agency_for_user, require_agency_edit, visible_agencies
from sakip.agreements.models import Agreement, AgreementBudget, AgreementTarget
from sakip.api import schemas
from sakip.measurement import actions, sheet
from sakip.measurement.models import QUARTERS, Actual, BudgetActual, QuarterReport
from sakip.organisation.models import Agency
from sakip.planning.loaders import load_renja_tree
from sakip.reports import evaluasi_renja
from sakip.rules.achievement import Achievement

router = Router(tags=["sakip"])

ERRORS = {
    400: schemas.ErrorOut,
    403: schemas.ErrorOut,
    404: schemas.ErrorOut,
    409: schemas.ErrorOut,
}


def _user(request: HttpRequest) -> Any:
    return request.user


def _period(request: HttpRequest, agency_id: int, year: int, quarter: int) -> Agency:
    """As the quarter page: the agency through the gate, a quarter that is measured."""
    agency = agency_for_user(_user(request), agency_id)
    if quarter not in QUARTERS or not sheet.is_measurement_year(agency, year):
        raise Http404("Periode ini tidak ada dalam rencana perangkat daerah.")
    return agency


@router.get("/saya", response=schemas.Me, summary="Pengguna yang memanggil")
def me(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "role": user.role,
        "role_label": user.role_label,
        "pemda": user.pemda.name if user.pemda_id else None,
        "agency_id": user.agency_id,
    }


@router.get("/opd", response=list[schemas.AgencyOut], summary="Perangkat daerah yang boleh dibaca")
def agencies(request: HttpRequest) -> list[dict[str, Any]]:
    rows = visible_agencies(_user(request)).select_related("pemda").order_by("pemda__name", "name")
    return [{"id": a.pk, "code": a.code, "name": a.name, "pemda": a.pemda.name} for a in rows]


@router.get(
    "/opd/{agency_id}/renja/{year}",
    response={200: list[schemas.RenjaRowOut], **ERRORS},
    summary="Pohon Renja (program, kegiatan, sub kegiatan) dengan indikator, target dan pagu",
)
def renja(request: HttpRequest, agency_id: int, year: int) -> list[dict[str, Any]]:
    agency = agency_for_user(_user(request), agency_id)
    out = []
    for node in load_renja_tree(agency, year):
        indicators = []
        for indicator in node.indicators:
            target = node.targets.get(indicator.pk)
            indicators.append(
                {
                    "id": indicator.pk,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "target": target.text if target is not None else "",
                    "target_value": target.value if target is not None else None,
                }
            )
        out.append(
            {
                "item_id": node.item.pk,
                "level": node.item.level,
                "code": node.item.code,
                "name": node.item.name,
                "depth": node.depth,
                "pagu": node.pagu,
                "renstra_pagu": node.renstra_pagu,
                "indicators": indicators,
            }
        )
    return out


@router.get(
    "/opd/{agency_id}/pk/{year}",
    response={200: list[schemas.AgreementOut], **ERRORS},
    summary="Perjanjian Kinerja perangkat daerah pada satu tahun",
)
def agreements(request: HttpRequest, agency_id: int, year: int) -> list[dict[str, Any]]:
    agency = agency_for_user(_user(request), agency_id)
    rows = (
        Agreement.objects.filter(agency=agency, year=year)
        .select_related("position")
        .prefetch_related(
            Prefetch("targets", queryset=AgreementTarget.objects.order_by("order")),
            Prefetch("budget_rows", queryset=AgreementBudget.objects.order_by("order")),
        )
        .order_by("position__eselon", "position_id", "code", "version")
    )
    return [
        {
            "id": a.pk,
            "year": a.year,
            "version": a.version,
            "state": a.state,
            "title": str(a),
            "first_party": a.first_name,
            "first_position": a.first_position_title,
            "second_party": a.second_name,
            "date": a.date.isoformat(),
            "targets": [
                {
                    "number": t.number,
                    "objective": t.objective_text,
                    "indicator": t.indicator_text,
                    "indicator_id": t.indicator_id,
                    "target": t.target_text,
                    "unit": t.unit,
                }
                for t in a.targets.all()
            ],
            "budget": [
                {"number": b.number, "code": b.code, "name": b.name, "amount": b.amount}
                for b in a.budget_rows.all()
            ],
        }
        for a in rows
    ]


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored figure without the column's trailing zeros (12.500000 → 12.5), exact."""
    if value is None:
        return None
    return Decimal(f"{value.normalize():f}")


def _actual_out(row: sheet.KRow, quarter: int) -> dict[str, Any]:
    current = row.actuals.get(quarter)
    return {
        "indicator_id": row.indicator.pk,
        "code": row.code,
        "subject": row.subject,
        "indicator": row.indicator.name,
        "unit": row.indicator.unit,
        "target": row.target.text,
        "value": _plain(current.value) if current else None,
        "text": current.text if current else "",
        "explanation": current.explanation if current else "",
        "version": current.version if current else 0,
        "quarters": {q: _plain(row.value(q)) for q in QUARTERS},
    }


def _budget_out(row: sheet.RpRow, quarter: int) -> dict[str, Any]:
    current = row.amounts.get(quarter)
    return {
        "item_id": row.item.pk,
        "code": row.item.code,
        "name": row.item.name,
        "pagu": row.pagu,
        "amount": current.amount if current else None,
        "version": current.version if current else 0,
        "quarters": {q: row.amount(q) for q in QUARTERS},
    }


@router.get(
    "/opd/{agency_id}/realisasi/{year}/{quarter}",
    response={200: schemas.QuarterOut, **ERRORS},
    summary="Realisasi kinerja (K) dan anggaran (Rp) satu triwulan",
)
def quarter(request: HttpRequest, agency_id: int, year: int, quarter: int) -> dict[str, Any]:
    agency = _period(request, agency_id, year, quarter)
    data = sheet.load_sheet(agency, year, quarter)
    return {
        "agency_id": agency.pk,
        "year": year,
        "quarter": quarter,
        "state": data.report.state,
        "state_label": QuarterReport.State(data.report.state).label,
        "awaiting_head": data.report.awaits_head(data.head_approves),
        "indicators": [_actual_out(r, quarter) for r in data.k_rows],
        "budget": [_budget_out(r, quarter) for r in data.rp_rows],
    }


def _run(call: Any) -> Status[dict[str, Any]] | actions.Saved:
    """An action's refusal as the status and message the page would show."""
    try:
        return call()
    except actions.ActionError as exc:
        status = {actions.NotFound: 404, actions.Conflict: 409, actions.Refused: 403}.get(
            type(exc), 400
        )
        return Status(status, {"detail": exc.message, "details": exc.details})


@router.put(
    "/opd/{agency_id}/realisasi/{year}/{quarter}/indikator/{indicator_id}",
    response={200: schemas.SavedOut, **ERRORS},
    summary="Simpan realisasi kinerja satu indikator (seperti di halaman realisasi)",
)
def save_actual(
    request: HttpRequest,
    agency_id: int,
    year: int,
    quarter: int,
    indicator_id: int,
    body: schemas.ActualIn,
) -> Any:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(_user(request), agency)
    result = _run(
        lambda: actions.save_actual(
            _user(request),
            agency,
            year,
            quarter,
            indicator_id,
            raw=body.value,
            explanation=body.explanation,
            version=body.version,
            reason=body.reason,
        )
    )
    if isinstance(result, Status):
        return result
    saved = Actual.objects.filter(indicator_id=indicator_id, year=year, quarter=quarter).first()
    return {"changed": result.changed, "version": saved.version if saved else 0}


@router.put(
    "/opd/{agency_id}/realisasi/{year}/{quarter}/anggaran/{item_id}",
    response={200: schemas.SavedOut, **ERRORS},
    summary="Simpan realisasi anggaran satu sub kegiatan (seperti di halaman realisasi)",
)
def save_budget_actual(
    request: HttpRequest,
    agency_id: int,
    year: int,
    quarter: int,
    item_id: int,
    body: schemas.BudgetActualIn,
) -> Any:
    agency = _period(request, agency_id, year, quarter)
    require_agency_edit(_user(request), agency)
    result = _run(
        lambda: actions.save_budget_actual(
            _user(request),
            agency,
            year,
            quarter,
            item_id,
            raw=body.amount,
            version=body.version,
            reason=body.reason,
        )
    )
    if isinstance(result, Status):
        return result
    saved = BudgetActual.objects.filter(item_id=item_id, year=year, quarter=quarter).first()
    return {"changed": result.changed, "version": saved.version if saved else 0}


def _achievement(value: Achievement) -> dict[str, Any]:
    return {"value": value.value, "note": value.note}


def _k_side(k: Any) -> dict[str, Any]:
    return {
        "c6": k.target_renstra,
        "c7": k.realised_before,
        "c8": k.target_year,
        "quarters": list(k.quarters),
        "c13": k.realised_year,
        "c14": k.realised_renstra,
        "c15": _achievement(k.achievement_renstra),
        "achievement_year": _achievement(k.achievement_year),
    }


def _rp_side(rp: Any) -> dict[str, Any]:
    return {
        "c6": rp.pagu_renstra,
        "c7": rp.spent_before,
        "c8": rp.pagu_year,
        "quarters": list(rp.spent_quarters),
        "c13": rp.realised_year,
        "c14": rp.realised_renstra,
        "c15": _achievement(rp.achievement_renstra),
        "achievement_year": _achievement(rp.achievement_year),
    }


def _label(band: Any) -> str | None:
    return band.label if band is not None else None


@router.get(
    "/opd/{agency_id}/evaluasi-renja/{year}/{quarter}",
    response={200: schemas.EvaluasiRenjaOut, **ERRORS},
    summary="Angka Evaluasi Hasil Renja (Permendagri 86/2017) sampai triwulan ini",
)
def evaluasi_renja_figures(
    request: HttpRequest, agency_id: int, year: int, quarter: int
) -> dict[str, Any]:
    agency = agency_for_user(_user(request), agency_id)
    if quarter not in QUARTERS:
        raise Http404("Triwulan harus 1 sampai 4.")
    report = evaluasi_renja.load(agency, year, quarter)
    footer = report.footer
    return {
        "agency_id": agency.pk,
        "year": year,
        "quarter": quarter,
        "rows": [
            {
                "item_id": line.item.pk,
                "level": line.level,
                "code": line.item.code,
                "name": line.item.name,
                "indicator": line.indicator.name if line.indicator else None,
                "unit": line.indicator.unit if line.indicator else None,
                "k": _k_side(line.result.k),
                "rp": _rp_side(line.result.rp) if line.first else None,
                "findings": [
                    {"cell": f.key, "severity": f.severity, "message": f.message}
                    for f in line.all_findings
                ],
            }
            for line in report.lines
        ],
        "totals": _rp_side(report.totals),
        "footer": {
            "k_year": footer.k_year,
            "k_renstra": footer.k_renstra,
            "rp_year": footer.rp_year,
            "rp_renstra": footer.rp_renstra,
            "k_year_rating": _label(footer.k_year_rating),
            "k_renstra_rating": _label(footer.k_renstra_rating),
            "rp_year_rating": _label(footer.rp_year_rating),
            "rp_renstra_rating": _label(footer.rp_renstra_rating),
        },
        "errors": report.error_count,
        "warnings": report.warning_count,
    }
