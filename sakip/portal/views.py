"""The public portal (no login) and the admin's publishing page.

Public pages show only what is published and not withdrawn, and achievement from
approved quarters only; they are cached, under keys that change the moment a
publication or a quarter's state changes (so a withdrawal takes effect at once)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sakip.accounts.access import pemda_for_admin
from sakip.measurement.models import QuarterReport
from sakip.organisation.models import Pemda
from sakip.portal import actions
from sakip.portal.achievement import achievements, approved_years
from sakip.portal.models import Publication
from sakip.portal.registry import kinds
from sakip.reports.renderers import RENDERERS

#: How long a public page or PDF is kept (seconds); its key changes with what it shows.
CACHE_SECONDS = 600


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "public, max-age=60"
    return response


def _version(pemda: Pemda) -> str:
    """What the Pemda's public pages depend on: its publications (published and
    withdrawn) and its quarters' states (every change of state bumps a version)."""
    published = Publication.objects.filter(pemda=pemda).aggregate(
        n=Count("pk"), last=Max("published_at"), withdrawn=Max("withdrawn_at")
    )
    quarters = QuarterReport.objects.filter(agency__pemda=pemda).aggregate(
        n=Count("pk"), v=Sum("version")
    )
    state = ":".join(
        str(v)
        for v in (published["n"], published["last"], published["withdrawn"], *quarters.values())
    )
    return hashlib.sha256(state.encode()).hexdigest()[:32]


@login_not_required
@require_GET
def portal_index(request: HttpRequest) -> HttpResponse:
    pemdas = list(Pemda.objects.order_by("name"))
    return _public(render(request, "portal/index.html", {"pemdas": pemdas}))


@login_not_required
@require_GET
def portal_pemda(request: HttpRequest, code: str, year: int | None = None) -> HttpResponse:
    pemda = get_object_or_404(Pemda, code=code)
    years = approved_years(pemda)
    if year is not None and year not in years:
        raise Http404("Belum ada capaian yang disetujui untuk tahun ini.")
    chosen = year if year is not None else (years[0] if years else None)
    key = f"portal:{pemda.pk}:{chosen}:{_version(pemda)}"
    html = cache.get(key)
    if html is None:
        publications = list(
            Publication.objects.filter(pemda=pemda, withdrawn_at__isnull=True)
            .select_related("agency")
            .order_by("-year", "kind", "title")
        )
        labels = {code: kind.label for code, kind in kinds().items()}
        html = render_to_string(
            "portal/pemda.html",
            {
                "pemda": pemda,
                "publications": [(p, labels.get(p.kind, p.kind)) for p in publications],
                "years": years,
                "year": chosen,
                "achievements": achievements(pemda, chosen) if chosen else [],
                "roman": ("I", "II", "III", "IV"),
            },
            request=None,
        )
        cache.set(key, html, CACHE_SECONDS)
    return _public(HttpResponse(html))


@login_not_required
@require_GET
def portal_document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    publication = (
        Publication.objects.filter(pk=pk, pemda__code=code, withdrawn_at__isnull=True)
        .select_related("content_type")
        .first()
    )
    kind = kinds().get(publication.kind) if publication else None
    if publication is None or kind is None:
        raise Http404("Dokumen ini tidak diterbitkan.")
    key = f"portal-pdf:{publication.pk}:{publication.published_at.timestamp()}"
    body = cache.get(key)
    if body is None:
        obj = kind.model._default_manager.filter(pk=publication.object_id).first()
        if obj is None:
            raise Http404("Dokumen ini tidak diterbitkan.")
        kept = kind.kept_pdf(obj) if kind.kept_pdf is not None else None
        body = kept if kept is not None else RENDERERS["pdf"].render(kind.document(obj))
        # A kind that keeps its file: a stand-in rendered before the file is ready is not
        # cached, so that the kept file takes its place as soon as it exists.
        if kept is not None or kind.kept_pdf is None:
            cache.set(key, body, CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="publikasi-{publication.pk}.pdf"'
    return _public(response)


@require_http_methods(["GET", "POST"])
def publications(request: HttpRequest) -> HttpResponse:
    """The Pemda's admin publishes a final document or withdraws a publication."""
    user = request.user
    pemda = pemda_for_admin(user)  # type: ignore[arg-type]
    if request.method == "POST":
        try:
            if request.POST.get("withdraw"):
                withdrawn = actions.withdraw(user, int(request.POST["withdraw"]))  # type: ignore[arg-type]
                messages.success(request, f"{withdrawn.title} ditarik dari portal publik.")
            else:
                published = actions.publish(
                    user,  # type: ignore[arg-type]
                    request.POST.get("kind", ""),
                    int(request.POST.get("object_id") or 0),
                )
                messages.success(request, f"{published.title} diterbitkan di portal publik.")
        except (ValidationError, ValueError) as exc:
            text = (
                " ".join(exc.messages)
                if isinstance(exc, ValidationError)
                else "Data tidak dikenal."
            )
            messages.error(request, text)
        return HttpResponseRedirect(reverse("publications"))
    live = {
        (p.content_type_id, p.object_id): p
        for p in Publication.objects.filter(pemda=pemda, withdrawn_at__isnull=True)
    }
    groups = []
    for kind in kinds().values():
        content_type = ContentType.objects.get_for_model(kind.model)
        rows = [
            (obj, kind.title(obj), live.get((content_type.pk, obj.pk)))
            for obj in kind.candidates(pemda.pk).order_by("-pk")
        ]
        groups.append((kind, rows))
    return render(request, "portal/publications.html", {"pemda": pemda, "groups": groups})
