"""The REST API (django-ninja): typed schemas make its OpenAPI document, and its
Swagger UI is served from the files the django-ninja package ships (no CDN)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, Throttled

from sakip.api.auth import AUTH, ApiRateThrottle
from sakip.api.endpoints import router

api = NinjaAPI(
    title="sakip API",
    version="1",
    description=(
        "Baca rencana, Perjanjian Kinerja, realisasi dan angka Evaluasi Renja; tulis "
        "realisasi triwulan dengan pemeriksaan yang sama seperti halaman realisasi. "
        "Masuk dengan token (`Authorization: Bearer sakip_…`, dibuat di halaman "
        "Akun saya → Token API) atau dengan sesi peramban."
    ),
    urls_namespace="api",
    auth=AUTH,
    throttle=[ApiRateThrottle()],
    docs=Swagger(settings={"persistAuthorization": False}),
    # The schema and its docs are for logged-in users, like every page.
    docs_decorator=login_required,
)
api.add_router("/v1", router)


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message, "details": []}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, str(exc) or "Data tidak ditemukan.", 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, str(exc) or "Anda tidak berwenang.", 403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, "Token tidak sah atau sudah dicabut, atau Anda belum masuk.", 401)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, "Terlalu banyak permintaan. Coba lagi sebentar lagi.", 429)
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response
