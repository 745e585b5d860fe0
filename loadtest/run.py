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
and value) must be in the row's history. Also: the CPU the server, PostgreSQL and
locust used (per save, and the server's in the steady state), and with LOAD_LOGINS > 0
a login wave through a login pool (docs/load-test.md). Writes var/load/report.md and
exits 1 on a lost update or an error rate above 1 %."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OPERATORS = int(os.environ.get("LOAD_OPERATORS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
#: Seconds into the run after which every operator has opened its sheet (50 users
#: spawned at 10 a second, each opening a page): the steady state is measured after it.
WARM_UP = 20
#: The login wave (``LOAD_LOGINS`` operators logging in again at the same moment,
#: through the login pool), WAVE seconds into the run; 0 logins: no wave.
LOGINS = int(os.environ.get("LOAD_LOGINS", "0"))
WAVE = 60
LOGIN_POOL = {
    "SAKIP_WORKERS": "1",
    "SAKIP_THREADS": "2",
    "SAKIP_MIGRATE": "0",
    "SAKIP_COLLECTSTATIC": "0",
}
WORKERS = os.environ.get("LOAD_WORKERS", "")
THREADS = os.environ.get("LOAD_THREADS", "4")

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


def _pace() -> str:
    """How often each operator saves (LOAD_PACING, loadtest/locustfile.py)."""
    pacing = float(os.environ.get("LOAD_PACING", "1"))
    if pacing == 0:
        return "each sending its next save as soon as the last is answered"
    if pacing == 1:
        return "one save each about every second"
    return f"one save each about every {pacing:g} s"


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
        env["SAKIP_THREADS"] = THREADS
        manage(env, "migrate", "--noinput", "-v", "0")
        print("--- building the synthetic kabupaten (40 agencies) …", flush=True)
        plan = manage(env, "shell", "-c", SETUP).strip().splitlines()[-1]
        plan_path, acks_path = folder / "plan.json", folder / "acks.json"
        plan_path.write_text(plan)
        with contextlib.ExitStack() as servers:
            server = servers.enter_context(production_server({**env, "SAKIP_MIGRATE": "0"}, folder))
            login_env: dict[str, str] = {}
            if LOGINS:
                # The login pool as docs/deployment.md runs it: one process, two threads.
                pool = servers.enter_context(
                    production_server({**env, **LOGIN_POOL}, folder)  # type: ignore[arg-type]
                )
                login_env = {
                    "SAKIP_LOAD_LOGINS": str(LOGINS),
                    "SAKIP_LOAD_LOGIN_HOST": pool.base,
                    "SAKIP_LOAD_WAVE_AT": str(time.time() + WAVE),
                }
            servers_to_sample = {"gunicorn": server.process.pid}
            if LOGINS:
                servers_to_sample["login pool"] = pool.process.pid
            print(
                f"--- locust: {OPERATORS} operators, {SECONDS} s against {server.base}"
                + (f"; {LOGINS} logins at {WAVE} s through {pool.base}" if LOGINS else ""),
                flush=True,
            )
            started = time.monotonic()
            # The server's CPU in the steady state: from WARM_UP seconds in (every
            # operator has opened its sheet) to the end, or to the login wave; sampled
            # by timer threads.
            samples: dict[str, tuple[float, dict[str, float]]] = {}

            def sample(key: str) -> None:
                samples[key] = (time.time(), _cpu_by_part(url, servers_to_sample))

            samplers = [threading.Timer(WARM_UP, sample, ["from"])]
            if LOGINS:
                samplers.append(threading.Timer(WAVE, sample, ["to"]))
            for sampler in samplers:
                sampler.start()
            cpu_before = _cpu_by_part(url, servers_to_sample)
            locust_before = _children_cpu()
            subprocess.run(  # noqa: S603 - the venv's locust, fixed arguments
                [
                    str(Path(sys.executable).parent / "locust"),
                    "-f",
                    str(ROOT / "loadtest" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(OPERATORS + LOGINS),
                    "--spawn-rate",
                    "10",
                    "--run-time",
                    f"{SECONDS}s",
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
                    # Each user class names its host (locust's --host would send the
                    # logins to the app server too).
                    "SAKIP_LOAD_HOST": server.base,
                    **login_env,
                },
                check=True,
            )
            elapsed = time.monotonic() - started
            if "to" not in samples:
                sample("to")
            cpu = _cpu_used(cpu_before, _cpu_by_part(url, servers_to_sample))
            cpu["locust"] = _children_cpu() - locust_before
            for sampler in samplers:
                sampler.cancel()
        result = json.loads(acks_path.read_text())
        lost = check_lost_updates(url, result["acks"])
    row = _percentile_row(out / "locust_stats.csv", "simpan realisasi")
    failures = int(row["Failure Count"])
    acked = len(result["acks"])
    conflicts = len(result["conflicts"])
    parts = [part for part in PARTS if part in cpu]
    saves = acked + conflicts + failures
    steady_line = "- steady state: the run was too short to measure it"
    if "from" in samples:
        (since, cpu_from), (until, cpu_to) = samples["from"], samples["to"]
        used = _cpu_used(cpu_from, cpu_to)
        served = sum(since <= float(a["at"]) < until for a in result["acks"])  # type: ignore[arg-type]
        served += sum(since <= at < until for at in result["conflicts"])
        steady_line = (
            f"- steady state ({WARM_UP}–{until - since + WARM_UP:.0f} s, every sheet open"
            f"{', before the login wave' if LOGINS else ''}): {served} saves served "
            f"({served / (until - since):.1f}/s); server CPU per save: "
            + ", ".join(
                f"{p} {1000 * used[p] / max(served, 1):.1f} ms" for p in ("gunicorn", "PostgreSQL")
            )
        )
    wave_lines = _wave_lines(result, samples) if LOGINS else []
    report = "\n".join(
        [
            f"# sakip deadline load ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
            "",
            f"- {OPERATORS} operators over 40 agencies, {_pace()}, "
            f"{SECONDS} s (locust run {elapsed:.0f} s with ramp-up)",
            f"- machine: {os.cpu_count()} cores; gunicorn workers: "
            f"{WORKERS or 'default (2 × cores + 1)'}, {THREADS} threads each; "
            "PostgreSQL on the same host",
            f"- save requests answered: {saves}; acknowledged saves: {acked} "
            f"({acked / SECONDS:.1f} saves/s over the run); refused as conflicting "
            f"(another operator saved the figure first): {conflicts}",
            f"- save time: median {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
            f"max {float(row['Max Response Time']):.0f} ms",
            "- CPU used during the run (seconds of one core): "
            + ", ".join(f"{part} {cpu[part]:.0f}" for part in parts)
            + "; per answered save: "
            + ", ".join(f"{part} {1000 * cpu[part] / max(saves, 1):.1f} ms" for part in parts),
            steady_line,
            *wave_lines,
            f"- errors: {failures} ({100 * failures / max(saves, 1):.2f} %)",
            f"- lost updates (acknowledged, not in the database): {len(lost)}",
            *[f"  - {item}" for item in lost[:20]],
        ]
    )
    (out / "report.md").write_text(report + "\n")
    print(report)
    return 1 if lost or failures > saves / 100 else 0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _wave_lines(result: dict[str, Any], samples: dict[str, Any]) -> list[str]:
    """The login wave: each login's time, and the saves before it against those sent
    while the logins were being answered."""
    logins = result["logins"]
    if not logins:
        return [f"- login wave: none of the {LOGINS} logins was accepted"]
    wave_start = min(float(x["at"]) for x in logins)
    wave_end = max(float(x["at"]) + float(x["took"]) for x in logins)
    took = [float(x["took"]) for x in logins]
    since = samples["from"][0]
    before = [float(a["took"]) for a in result["acks"] if since <= float(a["at"]) < wave_start]
    during = [float(a["took"]) for a in result["acks"] if wave_start <= float(a["at"]) < wave_end]
    return [
        f"- login wave ({LOGINS} operators at once, at {WAVE} s, through the login pool "
        f"of 1 process × 2 threads): {len(logins)} accepted; login time median "
        f"{_percentile(took, 0.5):.1f} s, p95 {_percentile(took, 0.95):.1f} s, "
        f"max {max(took):.1f} s; the wave lasted {wave_end - wave_start:.0f} s",
        f"- saves acknowledged before the wave: {len(before)}, median "
        f"{1000 * _percentile(before, 0.5):.0f} ms, p95 {1000 * _percentile(before, 0.95):.0f} ms;"
        f" during it: {len(during)} ({len(during) / max(wave_end - wave_start, 1):.1f}/s), "
        f"median {1000 * _percentile(during, 0.5):.0f} ms, "
        f"p95 {1000 * _percentile(during, 0.95):.0f} ms",
    ]


#: Where the machine's CPU goes during the run: the app server, the database, the
#: load generator (on the same cores here; apart on a real deployment).
PARTS = ("gunicorn", "PostgreSQL", "locust", "login pool")


#: CPU seconds so far of each process of a part: {(part, pid): seconds}.
CpuSample = dict[tuple[str, int], float]


def _cpu_by_part(url: str, servers: dict[str, int]) -> CpuSample:
    """CPU seconds (user + system) used so far by each process of the production
    servers (``servers``: part name to the server's pid) and of the PostgreSQL server
    of ``url`` (its postmaster and every backend), alive now (psutil, which locust
    depends on). Other PostgreSQL clusters are not counted."""
    import psutil
    import psycopg

    with psycopg.connect(url) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
        postmaster = psutil.Process(backend).parent()  # while the backend is alive
    parts = {"PostgreSQL": [postmaster, *postmaster.children()]}  # type: ignore[union-attr]
    for part, pid in servers.items():
        server = psutil.Process(pid)
        parts[part] = [server, *server.children(recursive=True)]
    used: CpuSample = {}
    for part, (root, *children) in parts.items():
        # The root's own time, plus what its children that ended used (a backend whose
        # connection closed, a recycled worker): the kernel adds it to the parent.
        times = root.cpu_times()
        used[(part, root.pid)] = sum(times[:4])  # user, system, children_user, children_system
        for process in children:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            used[(part, process.pid)] = times.user + times.system
    return used


def _cpu_used(before: CpuSample, after: CpuSample) -> dict[str, float]:
    """Per part, the CPU its processes used between two samples: each process alive at
    the second counted from the first (or from its start, if it started since); a
    process that ended in between counts in its parent's children time."""
    used: dict[str, float] = defaultdict(float)
    for (part, pid), seconds in after.items():
        used[part] += seconds - before.get((part, pid), 0.0)
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
