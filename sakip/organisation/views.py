"""The Pemda admin's policy page: the computation choices of DOMAIN §4."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sakip.accounts.access import pemda_for_admin
from sakip.organisation.forms import PolicyForm


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
