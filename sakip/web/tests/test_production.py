"""The production command (scripts/production: migrate, collectstatic, gunicorn with
production settings) against a throw-away PostgreSQL database, as docs/deployment.md
describes it; and two such servers on one database and one storage folder, as behind
a load balancer: sessions, figures, evidence and conflicts are the same whichever
server answers."""

from __future__ import annotations

import gzip
import json

import pytest
from django.conf import settings

from sakip.measurement.tests.helpers import PDF_BYTES
from sakip.web.tests.production import (
    PASSWORD,
    Client,
    manage,
    production_env,
    production_server,
    throwaway_database,
)

API_RATE = 4
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not POSTGRES, reason="production runs on PostgreSQL"),
]

WORLD_SCRIPT = f"""
import json
from sakip.measurement.tests.helpers import make_world
world = make_world("produksi")
for user in (world.operator, world.operator2):
    user.set_password({PASSWORD!r})
    user.save()
print(json.dumps({{
    "agency": world.agency.pk, "indicator": world.indicator.pk,
    "operator": world.operator.username, "operator2": world.operator2.username,
}}))
"""


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """One database, one shared storage folder, two app servers started by the
    production command."""
    folder = tmp_path_factory.mktemp("produksi")
    with throwaway_database() as url:
        # A low API rate: the rate-limit test counts calls across both servers.
        env = production_env(
            url, folder / "var", folder / "bukti-bersama", SAKIP_API_RATE=f"{API_RATE}/m"
        )
        with production_server(env, folder) as first:
            world = json.loads(manage(env, "shell", "-c", WORLD_SCRIPT).strip().splitlines()[-1])
            with production_server(env, folder) as second:
                yield first, second, world, url, env, folder


def test_the_production_command_serves_the_login_page_static_files_and_the_health_check(
    deployment,
):
    first, *_ = deployment
    client = Client(first)
    health = client.get("/sehat/")
    assert health.status == 200
    assert health.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    page = client.get("/masuk/")
    assert page.status == 200 and "Masuk" in page.text
    # The collected, hashed static files are served (WhiteNoise, manifest storage).
    import re

    css = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert css is not None and re.search(r"\.[0-9a-f]{12}\.css$", css.group(1))
    assert client.get(css.group(1)).status == 200
    # The site icon: its hashed name looked up at request time (the URLconf is imported
    # before collectstatic has written the manifest).
    icon = client.get("/favicon.ico")
    assert icon.status == 302 and re.search(
        r"/static/sakip/favicon\.[0-9a-f]{12}\.svg$", icon.headers["location"]
    )
    assert client.get(icon.headers["location"]).status == 200
    # A browser that accepts gzip gets the page compressed (sakip/web/compression.py).
    packed = client.get("/masuk/", **{"Accept-Encoding": "gzip"})
    assert packed.headers.get("content-encoding") == "gzip"
    assert "Masuk" in gzip.decompress(packed.body).decode()
    # Production answers with its security headers; nothing is served without login.
    assert "strict-transport-security" in client.get("/masuk/").headers
    assert client.get("/").status == 302


def test_the_health_check_reports_a_database_that_lacks_a_migration(deployment):
    first, _, _, url, *_ = deployment
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT id, app, name FROM django_migrations WHERE app = 'measurement' "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        conn.execute("DELETE FROM django_migrations WHERE id = %s", [row[0]])
        try:
            health = Client(first).get("/sehat/")
        finally:
            conn.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, now())",
                [row[1], row[2]],
            )
    assert health.status == 503
    assert health.json()["migrations"] == "1 migrasi belum dijalankan"
    assert Client(first).get("/sehat/").status == 200


def _save(client: Client, world: dict, value: str, version: int):
    return client.post(
        f"/opd/{world['agency']}/realisasi/2024/tw/1/k/{world['indicator']}/",
        {"value": value, "explanation": "", "version": str(version), "reason": ""},
        **{"HX-Request": "true"},
    )


def _saved_value(url: str, world: dict):
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT value, version FROM measurement_actual WHERE indicator_id = %s "
            "AND year = 2024 AND quarter = 1",
            [world["indicator"]],
        ).fetchone()


def test_two_servers_share_the_session_the_figures_the_evidence_and_refuse_a_stale_save(
    deployment,
):
    first, second, world, url, *_ = deployment
    on_first = Client(first)
    on_first.log_in(world["operator"])
    # The session lives in the database: the same cookie is logged in on the other server.
    on_second = Client(second, cookies=dict(on_first.cookies))
    page = on_second.get(f"/opd/{world['agency']}/realisasi/2024/tw/1/")
    assert page.status == 200

    saved = _save(on_first, world, "7", 0)
    assert saved.status == 200, saved.text[:400]
    assert _saved_value(url, world) == (7, 1)
    page = on_second.get(f"/opd/{world['agency']}/realisasi/2024/tw/1/")
    assert 'data-saved="7"' in page.text

    # Evidence uploaded through one server is read through the other (one storage).
    uploaded = on_second.post_file(
        f"/opd/{world['agency']}/realisasi/2024/tw/1/bukti/?jenis=k&id={world['indicator']}",
        "laporan.pdf",
        PDF_BYTES,
        "application/pdf",
    )
    assert uploaded.status == 200, uploaded.text[:400]
    import psycopg

    with psycopg.connect(url) as conn:
        (evidence_id,) = conn.execute(
            "SELECT id FROM measurement_evidence WHERE indicator_id = %s", [world["indicator"]]
        ).fetchone()
    download = on_first.get(f"/bukti/{evidence_id}/")
    assert download.status == 200 and download.body == PDF_BYTES

    # Two operators read version 1; the first saves through one server, the second's
    # save through the other is refused as it would be on one server.
    other = Client(second)
    other.log_in(world["operator2"])
    assert _save(on_first, world, "8", 1).status == 200
    stale = _save(other, world, "9", 1)
    assert stale.status == 200
    assert "baru saja diubah" in stale.text, stale.text[:600]
    assert _saved_value(url, world) == (8, 2)


def test_the_api_rate_limit_counts_a_users_calls_on_every_server_together(deployment):
    """The call counts live in the shared database cache (SAKIP_CACHE), not in each
    process: alternating between the servers gains a user no extra calls."""
    first, second, world, *_ = deployment
    on_first = Client(first)
    on_first.log_in(world["operator"])
    on_second = Client(second, cookies=dict(on_first.cookies))
    statuses = [
        (on_first if n % 2 == 0 else on_second).get("/api/v1/saya").status
        for n in range(API_RATE + 1)
    ]
    assert statuses == [200] * API_RATE + [429]


def test_a_login_pool_on_the_same_host_logs_in_for_the_main_one(deployment):
    """The login pool of docs/deployment.md: a second instance of the production command
    on the same host that neither migrates nor collects the static files (the first
    did both), to which the proxy sends the password pages; its sessions are the main
    server's (the database)."""
    first, _, world, _, env, folder = deployment
    pool = {**env, "SAKIP_MIGRATE": "0", "SAKIP_COLLECTSTATIC": "0"}
    manifest = folder / "var" / "static" / "staticfiles.json"
    collected = manifest.stat().st_mtime_ns
    with production_server(pool, folder) as login_pool:
        assert manifest.stat().st_mtime_ns == collected  # not collected again
        on_pool = Client(login_pool)
        on_pool.log_in(world["operator2"])
        page = on_pool.get("/masuk/")
        import re

        css = re.search(r'href="(/static/[^"]+\.css)"', page.text)
        assert css is not None and on_pool.get(css.group(1)).status == 200
    on_first = Client(first, cookies=dict(on_pool.cookies))
    sheet = on_first.get(f"/opd/{world['agency']}/realisasi/2024/tw/1/")
    assert sheet.status == 200 and "Realisasi" in sheet.text
