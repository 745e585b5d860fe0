"""The set-up screens of an admin Pemda (/pengaturan/): the Pemda's lists (agencies,
units, positions, employees, holders, users), each editable on screen and through
Excel (template, export, import with preview and confirmation), invitations and
deactivation; and the platform operator's page for a new Pemda."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_POST

from sakip.accounts.access import pemda_for_admin
from sakip.accounts.models import User
from sakip.organisation.models import Pemda
from sakip.setup import actions, approval, excel, importing
from sakip.setup.forms import ImportForm, InvitationPasswordForm, PemdaForm
from sakip.setup.lists import LISTS, ManagedList
from sakip.setup.models import SetupEvent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100
SESSION_KEY = "setup_import"


def _render(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context.setdefault("setup_lists", list(LISTS.values()))
    context.setdefault("year", timezone.localdate().year)
    return render(request, template, context)


def _managed(key: str) -> ManagedList:
    try:
        return LISTS[key]
    except KeyError as exc:
        raise Http404("Daftar tidak dikenal.") from exc


def home(request: HttpRequest) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    cards = [(m, m.rows(pemda).count()) for m in LISTS.values()]
    return _render(request, "setup/home.html", {"pemda": pemda, "cards": cards})


def list_view(request: HttpRequest, key: str) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    resource = managed.resource(pemda)
    columns = excel.columns_of(resource)
    page = Paginator(managed.rows(pemda), PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [(obj, [column.export(obj) for column in columns]) for obj in page.object_list]
    return _render(
        request,
        "setup/list.html",
        {"pemda": pemda, "managed": managed, "columns": columns, "rows": rows, "page": page},
    )


def edit_view(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    instance = None
    if pk is not None:
        instance = managed.rows(pemda).filter(pk=pk).first()
        if instance is None:
            raise Http404("Data tidak ditemukan.")
    form = managed.form(
        request.POST or None,
        instance=instance,
        pemda=pemda,
        actor=request.user,  # type: ignore[arg-type]
    )
    if request.method == "POST":
        if form.is_valid():
            obj = actions.save_record(pemda, request.user, form, managed.noun)  # type: ignore[arg-type]
            messages.success(request, f"{managed.noun.capitalize()} “{obj}” disimpan.")
            if key == "pengguna" and instance is None:
                return redirect("setup_user", pk=obj.pk)
            return redirect("setup_list", key=key)
        messages.error(request, "Periksa kembali isian yang ditandai.")
    return _render(
        request,
        "setup/edit.html",
        {"pemda": pemda, "managed": managed, "form": form, "instance": instance},
    )


def user_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A user's page: role, scope, and the invitation link to set a password."""
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    user = LISTS["pengguna"].rows(pemda).filter(pk=pk).first()
    if user is None:
        raise Http404("Pengguna tidak ditemukan.")
    link = None
    if request.method == "POST":
        link = request.build_absolute_uri(actions.invite(pemda, request.user, user))  # type: ignore[arg-type]
    return _render(
        request,
        "setup/user.html",
        {"pemda": pemda, "target": user, "link": link, "managed": LISTS["pengguna"]},
    )


@require_POST
def set_active_view(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    if not managed.deactivatable:
        raise Http404("Data ini tidak dinonaktifkan.")
    obj = managed.rows(pemda).filter(pk=pk).first()
    if obj is None:
        raise Http404("Data tidak ditemukan.")
    active = request.POST.get("aktif") == "1"
    try:
        actions.set_active(pemda, request.user, obj, active, managed.noun)  # type: ignore[arg-type]
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        state = "diaktifkan kembali" if active else "dinonaktifkan"
        messages.success(request, f"{managed.noun.capitalize()} “{obj}” {state}.")
    return redirect("setup_list", key=key)


def _workbook(request: HttpRequest, key: str, filled: bool) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    resource = managed.resource(pemda)
    content = excel.build_workbook(
        resource,
        f"{managed.title} — {pemda.name}",
        managed.instructions,
        managed.rows(pemda) if filled else (),
    )
    name = f"{managed.key}-{pemda.code}{'' if filled else '-templat'}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_view(request: HttpRequest, key: str) -> HttpResponse:
    return _workbook(request, key, filled=False)


def export_view(request: HttpRequest, key: str) -> HttpResponse:
    return _workbook(request, key, filled=True)


#: An upload never confirmed is removed after this many seconds.
UPLOAD_TTL = 24 * 3600


def _upload_dir() -> Path:
    """Where an upload waits for its confirmation; previews never confirmed are
    removed here, the next time anyone previews a file."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - UPLOAD_TTL
    for stale in folder.glob("*.xlsx"):
        try:
            if stale.stat().st_mtime < cutoff:
                stale.unlink()
        except FileNotFoundError:  # removed by a concurrent request
            pass
    return folder


def import_view(request: HttpRequest, key: str) -> HttpResponse:
    """Upload → preview (nothing saved): what will be added, changed, deactivated, and
    every problem with its sheet, row and column."""
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    token = None
    problems: list[excel.Problem] = []
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        resource = managed.resource(pemda, request.user)  # type: ignore[arg-type]
        try:
            dataset = excel.read_upload(content, excel.columns_of(resource))
        except excel.UploadError as error:
            problems = error.problems
        else:
            preview = importing.run(resource, dataset, commit=False)
            problems = preview.problems
            if not problems and preview.has_changes:
                token = uuid.uuid4().hex
                (_upload_dir() / f"{token}.xlsx").write_bytes(content)
                request.session[SESSION_KEY] = {"token": token, "key": key}
    return _render(
        request,
        "setup/import.html",
        {
            "pemda": pemda,
            "managed": managed,
            "form": form,
            "preview": preview,
            "problems": problems,
            "token": token,
        },
    )


@require_POST
def import_confirm_view(request: HttpRequest, key: str) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    managed = _managed(key)
    pending = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if pending.get("token") != token or pending.get("key") != key or not token.isalnum():
        messages.error(request, "Pratinjau impor sudah tidak berlaku. Unggah berkasnya lagi.")
        return redirect("setup_import", key=key)
    path = _upload_dir() / f"{token}.xlsx"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        messages.error(request, "Berkas impor tidak ditemukan lagi. Unggah berkasnya lagi.")
        return redirect("setup_import", key=key)
    resource = managed.resource(pemda, request.user)  # type: ignore[arg-type]
    try:
        preview = importing.run(
            resource, excel.read_upload(content, excel.columns_of(resource)), commit=True
        )
    except excel.UploadError as error:
        preview = importing.Preview(problems=error.problems)
    path.unlink(missing_ok=True)
    del request.session[SESSION_KEY]
    if preview.problems:
        # The data changed between preview and confirmation (another admin saved).
        for problem in preview.problems[:20]:
            messages.error(request, str(problem))
        messages.error(request, "Tidak ada yang disimpan.")
        return redirect("setup_import", key=key)
    summary = ", ".join(f"{label.lower()} {n}" for _, label, n in preview.counts if n)
    messages.success(request, f"Impor {managed.noun} disimpan: {summary}.")
    return redirect("setup_list", key=key)


def year_lock_view(request: HttpRequest) -> HttpResponse:
    """The admin locks the Renja of a year of every agency at once, with a reason."""
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    typed = {"year": "", "reason": ""}
    if request.method == "POST":
        typed = {k: request.POST.get(k, "").strip() for k in typed}
        try:
            year = int(typed["year"])
            count = approval.lock_year(request.user, pemda, year, typed["reason"])  # type: ignore[arg-type]
        except ValueError as error:
            text = str(error) if typed["year"].isdigit() else "Pilih tahun Renja yang dikunci."
            messages.error(request, text)
        else:
            messages.success(
                request,
                f"Renja tahun {year} dikunci: {count} perangkat daerah dikunci sekarang, yang "
                "lain sudah terkunci.",
            )
            return redirect("setup_year_lock")
    return _render(
        request,
        "setup/year_lock.html",
        {"pemda": pemda, "years": approval.renja_years(pemda), "typed": typed, "here": "kunci"},
    )


def history_view(request: HttpRequest) -> HttpResponse:
    pemda = pemda_for_admin(request.user)  # type: ignore[arg-type]
    events = SetupEvent.objects.filter(pemda=pemda).select_related("agency")[:200]
    return _render(request, "setup/history.html", {"pemda": pemda, "events": events})


def _require_superuser(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise PermissionDenied("Halaman ini hanya untuk administrator sistem.")


def pemdas_view(request: HttpRequest) -> HttpResponse:
    """The platform operator adds a Pemda and its first admin (who gets an invitation
    link) without the Django admin."""
    _require_superuser(request)
    form = PemdaForm(request.POST or None)
    link = None
    if request.method == "POST":
        if form.is_valid():
            pemda, admin = actions.create_pemda_with_admin(request.user, form.cleaned_data)  # type: ignore[arg-type]
            link = request.build_absolute_uri(actions.invitation_path(admin))
            messages.success(
                request,
                f"{pemda.name} dibuat. Kirimkan tautan di bawah kepada {admin.first_name} "
                "untuk membuat kata sandinya.",
            )
            form = PemdaForm()
        else:
            messages.error(request, "Periksa kembali isian yang ditandai.")
    pemdas = Pemda.objects.order_by("name")
    return _render(request, "setup/pemdas.html", {"form": form, "pemdas": pemdas, "link": link})


@login_not_required
def invitation_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Where an invited user sets their password (Django's password-reset token: valid
    once, until the password changes, for PASSWORD_RESET_TIMEOUT)."""
    try:
        user = get_user_model()._default_manager.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    valid = user is not None and user.is_active and default_token_generator.check_token(user, token)
    form = InvitationPasswordForm(user, request.POST or None) if valid else None
    if form is not None and request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Kata sandi dibuat. Silakan masuk.")
        return redirect("login")
    return _render(
        request, "setup/invitation.html", {"form": form, "target": user if valid else None}
    )
