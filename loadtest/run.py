"""``make load``: the deadline load test, reproducible (ENGINEERING.md: locust, from a
make target, never in CI).

Under scripts/with-postgres (or any DATABASE_URL of a PostgreSQL server): creates a
throw-away database, builds the synthetic kabupaten of the benchmark (40 agencies,
sakip.bench), adds OPERATORS operator accounts spread over the agencies, starts the
production command (scripts/production: gunicorn, production settings), runs locust
headless with one simulated operator per account, each saving a figure of TW IV about
once a second, then reports: saves per second, the median and 95th percentile of a
save, errors, refused conflicting saves, and lost updates, i.e. acknowledged saves
that are not in the database: the row of each indicator must hold the value of the
last acknowledged save or a later version, and every acknowledged save (its version
and value) must be in the row's history. Writes var/load/report.md and exits 1 on a lost
update or an error rate above 1 %."""

from __future__ import annotations

import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPERATORS = int(os.environ.get("LOAD_OPERATORS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
#: Seconds into the run after which every operator has opened its sheet (50 users
#: spawned at 10 a second, each opening a page): the steady state is measured after it.
WARM_UP = 20
WORKERS = os.environ.get("LOAD_WORKERS", "")

SETUP = """
import json, os
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from sakip.accounts.models import Role, User
from sakip.web.timezones import SESSION_KEY as TZ_KEY
from sakip.bench import QUARTER, YEAR, Shape, build_kabupaten
from sakip.measurement import sheet
from sakip.organisation.models import Agency
generated = build_kabupaten(Shape(agencies=40))
agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).order_by("pk"))
indicators = {}
for agency in agencies:
    data = sheet.load_sheet(agency, YEAR, QUARTER, with_rp=False)
    indicators[str(agency.pk)] = [row.indicator.pk for row in data.k_rows][:12]
operators = []
hashed = None
for n in range(int(os.environ["LOAD_OPERATORS"])):
    agency = agencies[n % len(agencies)]
    user = User(username=f"operator{n:02d}", role=Role.OPERATOR, pemda=agency.pemda,
                agency=agency, first_name=f"Operator {n}")
    if hashed is None:
        user.set_password(os.environ["LOAD_PASSWORD"])
        hashed = user.password
    user.password = hashed
    user.save()
    # Logged in beforehand, as operators are when the deadline comes: the run measures
    # saving, not 50 password hashes at once (PBKDF2, ~1 s of CPU each here).
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[TZ_KEY] = agency.pemda.time_zone
    session.create()
    operators.append({"username": user.username, "agency": agency.pk, "number": n + 10,
                      "session": session.session_key})
print(json.dumps({"year": YEAR, "quarter": QUARTER, "operators": operators,
                  "indicators": indicators, "password": os.environ["LOAD_PASSWORD"]}))
"""


def _percentile_row(stats: Path, name: str) -> dict[str, str]:
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == name:
                return row
    raise SystemExit(f"locust wrote no statistics for {name!r}")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from sakip.web.tests.production import (
        manage,
        production_env,
        production_server,
        throwaway_database,
    )

    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="sakip-load-") as work, throwaway_database() as url:
        folder = Path(work)
        extra = {"LOAD_OPERATORS": str(OPERATORS), "LOAD_PASSWORD": password}
        if WORKERS:
            extra["SAKIP_WORKERS"] = WORKERS
        env = production_env(url, folder / "var", folder / "bukti", **extra)
        if not WORKERS:
            env.pop("SAKIP_WORKERS")  # gunicorn.conf.py's default: 2 × cores + 1
        env["SAKIP_THREADS"] = "4"
        manage(env, "migrate", "--noinput", "-v", "0")
        print("--- building the synthetic kabupaten (40 agencies) …", flush=True)
        plan = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
        plan_path, acks_path = folder / "plan.json", folder / "acks.json"
        plan_path.write_text(plan)
        with production_server({**env, "SAKIP_MIGRATE": "0"}, folder) as server:
            print(
                f"--- locust: {OPERATORS} operators, {SECONDS} s against {server.base}", flush=True
            )
            started = time.monotonic()
            # The server's CPU in the steady state: from WARM_UP seconds in (every
            # operator has opened its sheet) to the end, sampled by a thread.
            steady: dict[str, object] = {}
            sampler = threading.Timer(
                WARM_UP,
                lambda: steady.update(at=time.time(), cpu=_cpu_by_part(url, server.process.pid)),
            )
            sampler.start()
            cpu_before = _cpu_by_part(url, server.process.pid)
            locust_before = _children_cpu()
            subprocess.run(  # noqa: S603 - the venv's locust, fixed arguments
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(ROOT / "loadtest" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(OPERATORS),
                    "--spawn-rate",
                    "10",
                    "--run-time",
                    f"{SECONDS}s",
                    "--host",
                    server.base,
                    "--csv",
                    str(out / "locust"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--exit-code-on-error",
                    "0",
                ],
                env={
                    **os.environ,
                    "SAKIP_LOAD_PLAN": str(plan_path),
                    "SAKIP_LOAD_ACKS": str(acks_path),
                },
                check=True,
            )
            elapsed = time.monotonic() - started
            cpu_after = _cpu_by_part(url, server.process.pid)
            cpu = {part: cpu_after.get(part, 0.0) - cpu_before.get(part, 0.0) for part in PARTS}
            cpu["locust"] = _children_cpu() - locust_before
            sampler.cancel()
        result = json.loads(acks_path.read_text())
        lost = check_lost_updates(url, result["acks"])
    row = _percentile_row(out / "locust_stats.csv", "simpan realisasi")
    failures = int(row["Failure Count"])
    acked = len(result["acks"])
    conflicts = len(result["conflicts"])
    saves = acked + conflicts + failures
    steady_line = "- steady state: the run was too short to measure it"
    if steady:
        since = float(steady["at"])  # type: ignore[arg-type]
        served = sum(float(a["at"]) >= since for a in result["acks"])  # type: ignore[arg-type]
        served += sum(at >= since for at in result["conflicts"])
        used = {p: cpu_after[p] - steady["cpu"][p] for p in PARTS[:2]}  # type: ignore[index]
        steady_line = (
            f"- steady state (from {WARM_UP} s in, every sheet open): {served} saves served; "
            "server CPU per save: "
            + ", ".join(f"{p} {1000 * used[p] / max(served, 1):.1f} ms" for p in PARTS[:2])
        )
    report = "\n".join(
        [
            f"# sakip deadline load ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
            "",
            f"- {OPERATORS} operators over 40 agencies, one save each about every second, "
            f"{SECONDS} s (locust run {elapsed:.0f} s with ramp-up)",
            f"- machine: {os.cpu_count()} cores; gunicorn workers: "
            f"{WORKERS or 'default (2 × cores + 1)'}, 4 threads each; PostgreSQL on the same host",
            f"- save requests answered: {saves}; acknowledged saves: {acked} "
            f"({acked / SECONDS:.1f} saves/s over the run); refused as conflicting "
            f"(another operator saved the figure first): {conflicts}",
            f"- save time: median {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
            f"max {float(row['Max Response Time']):.0f} ms",
            "- CPU used during the run (seconds of one core): "
            + ", ".join(f"{part} {cpu[part]:.0f}" for part in PARTS)
            + "; per answered save: "
            + ", ".join(f"{part} {1000 * cpu[part] / max(saves, 1):.1f} ms" for part in PARTS),
            steady_line,
            f"- errors: {failures} ({100 * failures / max(saves, 1):.2f} %)",
            f"- lost updates (acknowledged, not in the database): {len(lost)}",
            *[f"  - {item}" for item in lost[:20]],
        ]
    )
    (out / "report.md").write_text(report + "\n")
    print(report)
    return 1 if lost or failures > saves / 100 else 0


#: Where the machine's CPU goes during the run: the app server, the database, the
#: load generator (on the same cores here; apart on a real deployment).
PARTS = ("gunicorn", "PostgreSQL", "locust")


def _cpu_by_part(url: str, server_pid: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the production server's processes and
    by the PostgreSQL server of ``url`` (its postmaster and every backend), alive now
    (psutil, which locust depends on). Other PostgreSQL clusters are not counted."""
    import psutil
    import psycopg

    with psycopg.connect(url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
    postmaster = psutil.Process(backend).parent()
    server = psutil.Process(server_pid)
    parts = {
        "PostgreSQL": [postmaster, *postmaster.children()],  # type: ignore[union-attr]
        "gunicorn": [server, *server.children(recursive=True)],
    }
    used = dict.fromkeys(PARTS, 0.0)
    for part, processes in parts.items():
        for process in processes:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            used[part] += times.user + times.system
    return used


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (locust, once it has exited)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_lost_updates(url: str, acks: list[dict[str, object]]) -> list[str]:
    """Each indicator's row must hold its highest acknowledged version's value, and
    every acknowledged (version, value) must be in the row's history."""
    from decimal import Decimal

    import psycopg

    lost: list[str] = []
    with psycopg.connect(url) as conn:
        rows = {
            indicator: (value, version)
            for indicator, value, version in conn.execute(
                "SELECT indicator_id, value, version FROM measurement_actual "
                "WHERE year = 2024 AND quarter = 4"
            )
        }
        history = {
            (indicator, version, value)
            for indicator, version, value in conn.execute(
                "SELECT indicator_id, version, value FROM measurement_historicalactual "
                "WHERE year = 2024 AND quarter = 4"
            )
        }
    last: dict[int, dict[str, object]] = {}
    for ack in acks:
        indicator = int(ack["indicator"])  # type: ignore[arg-type]
        if indicator not in last or int(ack["version"]) > int(last[indicator]["version"]):  # type: ignore[arg-type]
            last[indicator] = ack
        if (indicator, int(ack["version"]), Decimal(str(ack["value"]))) not in history:  # type: ignore[arg-type]
            lost.append(f"indicator {indicator} v{ack['version']} = {ack['value']}: not in history")
    for indicator, ack in last.items():
        # A save still in flight when the run stopped may have committed after the last
        # acknowledged one (a higher version): that is not a lost update; a lower
        # version, or the acknowledged version with another value, is.
        value, version = rows.get(indicator, (None, None))
        if (
            version is None
            or version < int(ack["version"])
            or (  # type: ignore[arg-type]
                version == ack["version"] and value != Decimal(str(ack["value"]))
            )
        ):
            lost.append(
                f"indicator {indicator}: acknowledged v{ack['version']} = {ack['value']}, "
                f"database v{version} = {value}"
            )
    return lost


if __name__ == "__main__":
    sys.exit(main())
