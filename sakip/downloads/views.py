"""A user's prepared downloads: the progress page of one, its file, and the list of
the latest. Only who asked for a download sees it, and only while the report's agency
is still theirs to read (the access gate is asked again for the file)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sakip.accounts.access import agency_for_user
from sakip.downloads.models import PreparedDownload

#: Seconds between the progress page's reloads while the file is being prepared.
REFRESH_SECONDS = 3
LISTED = 20


def _own(request: HttpRequest, pk: int) -> PreparedDownload:
    found = (
        PreparedDownload.objects.filter(pk=pk, requested_by=request.user)
        .select_related("agency")
        .first()
    )
    if found is None:
        raise Http404("Unduhan tidak ditemukan.")
    if found.agency_id is not None:
        agency_for_user(request.user, found.agency_id)  # type: ignore[arg-type]
    return found


@require_GET
def download_status(request: HttpRequest, pk: int) -> HttpResponse:
    prepared = _own(request, pk)
    return render(
        request,
        "downloads/status.html",
        {"prepared": prepared, "refresh": REFRESH_SECONDS if prepared.pending else None},
    )


@require_GET
def download_file(request: HttpRequest, pk: int) -> FileResponse:
    prepared = _own(request, pk)
    if prepared.status != PreparedDownload.Status.DONE or not prepared.file:
        raise Http404("Berkas ini belum selesai dibuat.")
    try:
        handle = prepared.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas ini sudah tidak tersedia; minta lagi dari laporannya.") from exc
    return FileResponse(handle, as_attachment=True, filename=prepared.filename)


@require_GET
def download_list(request: HttpRequest) -> HttpResponse:
    prepared = list(
        PreparedDownload.objects.filter(requested_by=request.user).select_related("agency")[:LISTED]
    )
    return render(request, "downloads/list.html", {"downloads": prepared})
