"""Planning pages: an agency's Renstra and its Renja of a year, with the Renja's
versions (murni, perubahan) and "Salin Renja" to start next year's."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sakip.accounts.access import agency_for_user, can_edit_agency, require_agency_edit
from sakip.nomenclature.reading import index_for
from sakip.planning import actions, checks, loaders
from sakip.planning.models import ProgramItem, Renja, Renstra
from sakip.rules import values as value_rules
from sakip.rules.rollup import sum_known
from sakip.setup import actions as setup_actions
from sakip.setup import approval
from sakip.setup.models import SetupEvent


def renstra_view(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renstra = Renstra.objects.filter(agency=agency).order_by("-start_year").first()
    context = {"agency": agency, "renstra": None}
    if renstra is not None:
        context.update(loaders.load_renstra(renstra))
    return render(request, "planning/renstra.html", context)


def _renja(agency_id: int, year: int, request: HttpRequest) -> Renja:
    agency = agency_for_user(request.user, agency_id)  # type: ignore[arg-type]
    renja = Renja.objects.filter(agency=agency, year=year).select_related("agency").first()
    if renja is None:
        raise Http404("Renja tahun ini belum ada.")
    return renja


def renja_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _render_renja(request, _renja(agency_id, year, request))


def _render_renja(
    request: HttpRequest,
    renja: Renja,
    revise_values: dict[str, str] | None = None,
    revise_errors: list[str] | None = None,
) -> HttpResponse:
    agency = renja.agency
    year = renja.year
    years = loaders.renja_years(agency)
    revisions = list(renja.revisions.select_related("created_by"))
    nodes = loaders.load_renja_tree(agency, year)
    nomenclature = index_for(year)
    flags = checks.renja_flags(nodes, year, nomenclature)
    # The roots' sums are the Renja's total (rules.rollup summed every leaf into them).
    total = sum_known(n.pagu for n in nodes if n.depth == 0)
    can_edit = can_edit_agency(request.user, agency)  # type: ignore[arg-type]
    # The row editor (setup.renja_rows) and the pagu editor (a perubahan's pagu), while
    # the Renja is not approved.
    can_edit_rows = (
        can_edit and approval.state_of(agency, approval.Plan.RENJA, year) != approval.State.APPROVED
    )
    can_edit_pagu = can_edit_rows and len(revisions) > 1
    return render(
        request,
        "planning/renja.html",
        {
            "agency": agency,
            "renja": renja,
            "year": year,
            "years": years,
            "nodes": nodes,
            "flags": flags,
            "flagged_rows": len(flags),
            "nomenclature_missing": nomenclature is None and bool(nodes),
            "total": total,
            "revisions": revisions,
            "in_force": revisions[-1] if revisions else None,
            "can_edit": can_edit,
            "can_edit_pagu": can_edit_pagu,
            "can_edit_rows": can_edit_rows,
            # Urusan and bidang rows only head the sheet; the editor keeps to these.
            "editable_levels": (
                ProgramItem.Level.PROGRAM,
                ProgramItem.Level.KEGIATAN,
                ProgramItem.Level.SUBKEGIATAN,
            ),
            "next_year": year + 1 if year + 1 not in years else None,
            "revise_values": revise_values or {},
            "revise_errors": revise_errors or [],
        },
        status=400 if revise_errors else 200,
    )


@require_POST
def renja_copy(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """ "Salin Renja {year} ke {year + 1}": the rows and indicators, without figures."""
    renja = _renja(agency_id, year, request)
    require_agency_edit(request.user, renja.agency)  # type: ignore[arg-type]
    try:
        copy = actions.copy_renja(renja, year + 1, request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("renja", agency_id, year)
    messages.success(
        request,
        f"Renja {year} disalin ke {copy.year}: baris dan indikator tanpa target, pagu dan "
        "realisasi. Lengkapi target dan pagunya.",
    )
    return redirect("renja", agency_id, copy.year)


@require_POST
def renja_revise(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """A Renja perubahan (APBD Perubahan): dated, with its reason; pagu start as the
    latest version's."""
    renja = _renja(agency_id, year, request)
    require_agency_edit(request.user, renja.agency)  # type: ignore[arg-type]
    typed = {
        "reason": request.POST.get("reason", ""),
        "effective_date": request.POST.get("effective_date", ""),
    }
    try:
        date = datetime.date.fromisoformat(typed["effective_date"])
    except ValueError:
        # The page again with what was typed: nothing is lost on a refusal.
        return _render_renja(
            request, renja, typed, ["Tanggal berlaku perubahan tidak valid (tttt-bb-hh)."]
        )
    try:
        revision = actions.revise(renja, date, typed["reason"], request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _render_renja(request, renja, typed, error.messages)
    messages.success(request, f"{revision.label} dibuat; pagunya mengikuti versi sebelumnya.")
    return redirect("renja", agency_id, year)


# --------------------------------------------------------------------------- pagu editor


def _read_pagu(text: str) -> int:
    """A typed Rupiah amount: "1.250.000", "1250000" or "Rp1.250.000"."""
    cleaned = text.strip().removeprefix("Rp").removeprefix("rp").strip()
    if not cleaned:
        raise ValueError("Pagu belum diisi; tulis 0 bila sub kegiatan ini tidak dianggarkan.")
    try:
        number = value_rules.parse_decimal(cleaned)
    except ValueError:
        raise ValueError(
            f"“{text.strip()[:40]}” bukan jumlah rupiah yang sah. Tulis angka saja, mis. 1.250.000."
        ) from None
    if number != number.to_integral_value():
        raise ValueError("Pagu harus rupiah bulat, tanpa sen.")
    if number < 0:
        raise ValueError("Pagu tidak boleh negatif.")
    return int(number)


def renja_pagu(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    """The pagu of every sub kegiatan of a Renja perubahan on one form, beside the
    murni pagu and the difference; parents' sums come from the roll-up, never typed.
    For whoever may edit the agency's plans, while its Renja of the year is not
    approved (setup.approval), and only once a perubahan exists (the murni pagu come
    from the APBD as passed, through the Renja import)."""
    renja = _renja(agency_id, year, request)
    agency = renja.agency
    require_agency_edit(request.user, agency)  # type: ignore[arg-type]
    approval.require_unlocked(agency, approval.Plan.RENJA, year)
    sheet = loaders.load_pagu_sheet(renja)
    if sheet.latest.number == 0:
        raise Http404("Renja ini belum memiliki versi perubahan; buat perubahan terlebih dahulu.")
    typed: dict[int, str] = {}
    errors: dict[int, str] = {}
    general: list[str] = []
    if request.method == "POST":
        leaves = [row for row in sheet.rows if row.is_leaf]
        amounts: dict[int, int] = {}
        for row in leaves:
            typed[row.item.pk] = request.POST.get(f"pagu-{row.item.pk}", "")
            if typed[row.item.pk].strip() == "" and row.pagu is None:
                continue  # a sub kegiatan without pagu in this version may stay so
            try:
                amounts[row.item.pk] = _read_pagu(typed[row.item.pk])
            except ValueError as error:
                errors[row.item.pk] = str(error)
        if request.POST.get("revision") != str(sheet.latest.pk):
            general.append(
                "Versi Renja sudah berubah sejak halaman ini dibuka. Periksa pagunya lalu "
                "simpan lagi."
            )
        if not errors and not general:
            try:
                with transaction.atomic():
                    changed = actions.set_revision_pagu(
                        sheet.latest,
                        amounts,
                        request.user,  # type: ignore[arg-type]
                    )
                    if changed:
                        setup_actions.record(
                            agency.pemda,
                            request.user,  # type: ignore[arg-type]
                            SetupEvent.Action.CHANGED,
                            "Renja",
                            renja,
                            f"Pagu {sheet.latest.label}: {changed} sub kegiatan diubah.",
                            agency,
                        )
            except ValidationError as error:
                general.extend(error.messages)
            else:
                messages.success(
                    request,
                    f"Pagu {sheet.latest.label} disimpan: {changed} sub kegiatan diubah."
                    if changed
                    else "Tidak ada pagu yang berubah.",
                )
                return redirect("renja", agency.pk, year)
    return render(
        request,
        "planning/renja_pagu.html",
        {
            "agency": agency,
            "renja": renja,
            "year": year,
            "sheet": sheet,
            "typed": typed,
            "errors": errors,
            "general": general,
        },
        status=400 if errors or general else 200,
    )
