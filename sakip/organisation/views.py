"""The Pemda admin's policy page: the computation choices of DOMAIN §4, and the Pemda's
own LKjIP criterion scale (DOMAIN §4.3)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sakip.accounts.access import pemda_for_admin
from sakip.organisation.actions import save_lkjip_scale
from sakip.organisation.forms import PolicyForm, RatingBandFormSet, RatingScaleNameForm
from sakip.organisation.models import Policy, RatingBand, RatingScale


def policy_view(request: HttpRequest) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    policy = pemda.policy
    if request.method == "POST":
        form = PolicyForm(request.POST, instance=policy)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(
                request,
                "Kebijakan perhitungan disimpan. Semua angka dihitung ulang dengan kebijakan ini.",
            )
            return redirect("policy")
        messages.error(request, "Periksa kembali isian yang ditandai.")
    else:
        form = PolicyForm(instance=policy)
    return render(request, "organisation/policy.html", {"form": form, "pemda": pemda})


def _typed(value: Decimal | None) -> str:
    """A stored bound as the admin would type it: "90", "87,5" (not "90,0000")."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def lkjip_scale_view(request: HttpRequest) -> HttpResponse:
    """The Pemda's own LKjIP criterion scale: label, lower bound and colour of each
    band. While the Pemda uses a shipped scale, saving makes its own copy (a shipped
    scale is every Pemda's and never changes); "dari" starts the bands from a shipped
    scale."""
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    policy = Policy.objects.select_related("lkjip_scale").get(pemda=pemda)
    current = policy.lkjip_scale
    own = current.pemda_id == pemda.pk
    shipped = list(RatingScale.objects.filter(pemda=None).order_by("name"))
    source = current
    if request.GET.get("dari"):
        source = next((s for s in shipped if s.code == request.GET["dari"]), None)  # type: ignore[assignment]
        if source is None:
            raise Http404("Skala bawaan tidak dikenal.")
    if request.method == "POST":
        name_form = RatingScaleNameForm(request.POST)
        formset = RatingBandFormSet(request.POST, scale_name=request.POST.get("name", "").strip())
        if name_form.is_valid() and formset.is_valid():
            save_lkjip_scale(pemda, name=name_form.cleaned_data["name"], bands=formset.rows())
            messages.success(
                request,
                "Skala kriteria LKjIP disimpan. Predikat pada semua laporan memakai skala ini.",
            )
            return redirect("lkjip_scale")
        messages.error(request, "Periksa kembali isian yang ditandai.")
    else:
        bands = list(RatingBand.objects.filter(scale=source))
        name = current.name if own and source == current else f"Kriteria LKjIP {pemda.name}"
        name_form = RatingScaleNameForm(initial={"name": name})
        initial = [{"label": b.label, "above": _typed(b.above), "colour": b.colour} for b in bands]
        formset = RatingBandFormSet(initial=initial)
    try:
        legend = current.to_rules().legend()
    except ValueError:  # bands saved before they were checked
        legend = ()
    return render(
        request,
        "organisation/lkjip_scale.html",
        {
            "pemda": pemda,
            "scale": current,
            "own": own,
            "source": source,
            "shipped": shipped,
            "name_form": name_form,
            "formset": formset,
            "legend": legend,
        },
    )
