"""Logging in (password, then the second factor), enrolling a second factor, the
user's own account page, and changing or resetting a password.

The second factor is required where a session is made: the login view is the only
way in (the Django admin's login sends here too), and it calls ``auth.login`` only
once the password, and for an account that has or needs a second factor the code,
are right. Until then the session holds a *pending* login that expires quickly."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sakip.accounts import second_factor, throttle
from sakip.accounts.models import User, second_factor_required

PENDING = "sakip_pending_login"
NEW_CODES = "sakip_new_recovery_codes"
#: How long the password step stays good while the user fetches the code.
PENDING_SECONDS = 600


class PasswordStepForm(AuthenticationForm):
    """Username and password, behind the per-account delay (sakip.accounts.throttle);
    the per-address limit is django-axes', inside ``authenticate``."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Nama pengguna atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        wait = throttle.wait_seconds(self.request, username)
        if wait:
            raise ValidationError(
                "Terlalu banyak percobaan masuk yang gagal untuk akun ini. "
                f"Coba lagi dalam {wait} detik.",
                code="delayed",
            )
        try:
            return super().clean()
        except ValidationError:
            if not getattr(self.request, "axes_locked_out", False):
                throttle.record_failure(username)
            raise


class CodeForm(forms.Form):
    code = forms.CharField(label="Kode", max_length=40, strip=True)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(PENDING)
    if not data or time.time() - data.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is None:
        return None
    return user, data


def _finish(request: HttpRequest, user: User, backend: str, device: Any, next_url: str):
    request.session.pop(PENDING, None)
    if device is not None:
        user.otp_device = device  # django-otp marks the session verified on login
    auth.login(request, user, backend=backend)
    throttle.clear(user.get_username())
    response = HttpResponseRedirect(next_url)
    throttle.mark_trusted_device(response, user.get_username())
    return response


@login_not_required
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = PasswordStepForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        backend = user.backend  # type: ignore[attr-defined]
        if second_factor.has_second_factor(user) or second_factor_required(user):
            request.session[PENDING] = {
                "user": user.pk,
                "backend": backend,
                "next": next_url,
                "at": time.time(),
            }
            if second_factor.has_second_factor(user):
                return redirect("login_code")
            return redirect("login_enrol")
        return _finish(request, user, backend, None, next_url)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return redirect("login")
    user, data = pending
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        device, error = second_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            response = _finish(request, user, data["backend"], device, data["next"])
            if second_factor.recovery_codes_left(user) <= 2:
                messages.warning(
                    request,
                    "Kode pemulihan Anda hampir habis. Buat kode baru di halaman Akun saya.",
                )
            return response
    return render(request, "accounts/login_code.html", {"form": form, "error": error})


@login_not_required
@sensitive_post_parameters("code")
@never_cache
def login_enrol(request: HttpRequest) -> HttpResponse:
    """First login of an account that must have a second factor and has none yet."""
    pending = _pending(request)
    if pending is None:
        return redirect("login")
    user, data = pending
    if second_factor.has_second_factor(user):
        return redirect("login_code")
    device = second_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        codes, error = _confirm(user, device, form.cleaned_data["code"])
        if codes is not None:
            _finish(request, user, data["backend"], device, data["next"])
            request.session[NEW_CODES] = codes
            response = redirect("recovery_codes")
            throttle.mark_trusted_device(response, user.get_username())
            return response
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "error": error,
            "qr": second_factor.qr_svg(device),
            "key": second_factor.base32_key(device),
            "during_login": True,
        },
    )


def _confirm(user: User, device: Any, code: str) -> tuple[list[str] | None, str]:
    """The new recovery codes, or None and why not (wrong codes slow the next try)."""
    if not device.verify_is_allowed()[0]:
        return None, "Terlalu banyak kode salah. Tunggu beberapa detik, lalu masukkan kode baru."
    codes = second_factor.confirm_totp(user, device, code)
    if codes is None:
        return None, "Kode tidak cocok. Pastikan jam ponsel tepat, lalu masukkan kode yang baru."
    return codes, ""


# --------------------------------------------------------------------------- account


@never_cache
def account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/account.html",
        {
            "has_second_factor": second_factor.has_second_factor(user),
            "required": second_factor_required(user),
            "codes_left": second_factor.recovery_codes_left(user),
        },
    )


@sensitive_post_parameters("code")
@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """Enrol (or replace) the authenticator app of a logged-in user."""
    user: User = request.user  # type: ignore[assignment]
    device = second_factor.pending_totp(user)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        codes, error = _confirm(user, device, form.cleaned_data["code"])
        if codes is not None:
            from django_otp import login as otp_login

            otp_login(request, device)
            request.session[NEW_CODES] = codes
            return redirect("recovery_codes")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "error": error,
            "qr": second_factor.qr_svg(device),
            "key": second_factor.base32_key(device),
            "during_login": False,
        },
    )


@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once (POST makes new ones, replacing the old)."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        if not second_factor.has_second_factor(user):
            raise PermissionDenied("Aktifkan verifikasi dua langkah terlebih dahulu.")
        request.session[NEW_CODES] = second_factor.new_recovery_codes(user)
        return redirect("recovery_codes")
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("account")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def remove_second_factor(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if second_factor_required(user):
        raise PermissionDenied("Peran Anda wajib memakai verifikasi dua langkah.")
    second_factor.remove_all(user)
    messages.success(request, "Verifikasi dua langkah dinonaktifkan.")
    return redirect("account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Kata sandi Anda sudah diganti.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The Django admin's login page: the one login, with its second factor."""
    next_url = _safe_next(request, request.GET.get("next") or reverse("admin:index"))
    return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
