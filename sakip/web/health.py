"""``/sehat/``: the health check a load balancer or monitor polls.

It answers 200 only when the database answers and every migration this code ships is
applied (an app server started against a database an upgrade has not migrated yet
must not receive traffic); otherwise 503 with the reason. No login: it says nothing
about any Pemda's data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": f"tidak dapat dihubungi: {type(exc).__name__}"},
            status=503,
        )
    if pending:
        return JsonResponse(
            {
                "status": "error",
                "database": "ok",
                "migrations": f"{len(pending)} migrasi belum dijalankan",
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "ok"})
