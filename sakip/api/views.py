"""The API token page: make a token for yourself (shown once), see and revoke
tokens (your own; a Pemda's admin: the Pemda's users')."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sakip.api.access import token_for_user, visible_tokens
from sakip.api.models import ApiToken

NEW_TOKEN = "sakip_new_api_token"  # noqa: S105 - a session key, not a secret


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nama token",
        max_length=100,
        help_text="Untuk apa token ini, misalnya “Ekspor ke e-Kinerja”.",
        error_messages={"required": "Nama token wajib diisi."},
    )


@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _, raw = ApiToken.issue(request.user, form.cleaned_data["name"])
        request.session[NEW_TOKEN] = raw
        return redirect("api_tokens")
    new_token = request.session.pop(NEW_TOKEN, None)
    rows = list(visible_tokens(request.user).order_by("revoked_at", "-created_at"))  # type: ignore[arg-type]
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": rows, "new_token": new_token, "me": request.user},
    )


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        token = token_for_user(request.user, pk)  # type: ignore[arg-type]
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = request.user  # type: ignore[assignment]
            token.save(update_fields=["revoked_at", "revoked_by"])
            messages.success(request, f"Token “{token.name}” dicabut.")
    return redirect("api_tokens")
