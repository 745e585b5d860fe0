"""The synthetic-kabupaten benchmark (issue 3 item 6): ``python -m sakip.bench``.

Builds a synthetic kabupaten on a throw-away database (a temporary SQLite file, or a
fresh ``sakip_bench`` database on the PostgreSQL server of ``DATABASE_URL``, dropped
afterwards), then measures computing every agency's Evaluasi Hasil Renja TW IV and
compares it with the floor: ONE raw SQL aggregation over the same rows, fetched to
Python, which no implementation can beat.

Printed, best of ``--runs`` after a warm-up: the time of ``evaluasi_renja.load`` for
every agency (the page's code path, one call per agency), of ``load_many`` (every
agency at once) where the report module has it, of ``build_document`` on its own, the
number of queries of each, the floor's time and the ratio. It reports; it does not fail
above 3× the floor. It exits non-zero on an error, and when the computed Rupiah do not
add up to what the floor's SQL finds in the same rows.

Measured on 2026-11-22: 2 cores (AMD EPYC, shared with other work: load average 3–6
during the runs, so figures vary by up to ±40 % between runs), Python 3.11.7, SQLite
3.40.1, PostgreSQL 15; 40 agencies, 2 507 Renja rows, 12 605 K and 7 617 Rp actuals.
Best of 9 runs; ranges over 3 runs of the bench each side.

                               before                        after
    SQLite   every agency's    load × 40: 858–913 ms,        load_many: 296–538 ms, 13 queries
             Evaluasi Renja    720 queries, 59–62× floor     (20–37× floor); load × 40:
                                                             587–818 ms, 520 queries
             floor             14.5–18.6 ms                  14.4–15.1 ms
             the 13 queries
             replayed raw      –                             40–64 ms (2.8–4.5× floor)
    Postgres every agency's    load × 40: 1 174–1 587 ms,    load_many: 275–307 ms, 13 queries
             Evaluasi Renja    720 queries, 57–66× floor     (11–16× floor); load × 40:
                                                             825–941 ms, 520 queries
             floor             19.3–28.0 ms                  18.5–25.9 ms
             the 13 queries
             replayed raw      –                             47–63 ms (2.4–2.7× floor)

The 3× aim is not met. Fetching the loader's rows to Python on a raw cursor (no model
instances, no Decimal conversion, no computation) already costs 2.4–4.5× the floor:
the floor aggregates ~24 000 fact rows inside the database and returns 240, while any
loader has to bring ~29 000 rows across. What is left above that, on a quiet moment
(load_many ≈ 270–300 ms on SQLite): Django building model instances and converting
SQLite decimals (~80–120 ms), the rules and checks (~90–100 ms, ~40 µs a row), and
the garbage collections all those objects trigger (~40–70 ms, partly inside the
former two). ``build_document`` is measured on its own: 425–660 ms for 40 forms.

Since 2026-12-06 the loader reads the Renja's rows as plain frozen records
(planning/rows.py) instead of model instances. On PostgreSQL on a quiet moment of the
same machine: load_many 360 ms in 15 queries, 7.7× the floor (its queries replayed raw
1.4×); the dashboard page 415 ms. The rest is the rules and checks in Python and the
collections they trigger: the 3× aim is still not met.

Issue 9 item 4 (2026-12-06), per row only what a row needs, every figure unchanged:
a Renja row's capaian goes straight to its formula once ``RenjaInput`` has checked its
figures (``compute_achievement`` re-checks for callers that have not), the notes of
figures that cannot be computed are shared values, ``combine`` checks its periods
without a call per value and the rules bind their arithmetic context once; the
loader's rows are named tuples (planning/rows.py), its realisasi are filed without a
lookup when no earlier year maps, earlier years and grades are skipped for rows with
none; when the collector resumes after ``load_many``, the report's objects are promoted
to the oldest generation unwalked (sakip.collection, a bounded decision documented
there). A dump of every line, footer, finding and document of the bench kabupaten
and the demo (2023 and 2024, every quarter, with and without ``year_only``; the IKU
and LKjIP figures too) is byte for byte the same before and after. Measured with a
load test running on the same 2 cores (load average 3–12, so wall times moved ±30 %
between identical runs), the same PostgreSQL database, best of 15, the code before and
after run alternately (3 pairs):

                                   before                 after
    load_many, client CPU          217–234 ms             157–180 ms
    load_many, wall                244–328 ms             219–269 ms
      × the floor (42–65 ms)       4.7–5.6×               4.6–5.2×
    ``make bench`` (4 / 5 runs)    4.5–6.4× the floor     3.3–5.2× the floor
    instructions per load_many     1.45 G                 1.28 G (−12 %)
    (callgrind, SQLite: the same whatever the load)

On a quiet machine afterwards (load average about 1, nothing else running), three runs
of ``make bench --no-documents`` on PostgreSQL: load_many 214–255 ms against a floor of
44–48 ms, 4.9–5.8× (its queries replayed raw 1.6–2.2×); the dashboard page 225–237 ms.

The 3× aim is still not met, and the ratio moves more with the machine's load than
with this change. Where the client's ~165 ms of CPU go (PostgreSQL): the rules and the
form's assembly ~95 ms for 2 555 lines (≈35 µs a line: two combinations of periods,
four divisions at 50 digits, and some ten frozen values per line — input, K and Rp
sides, capaian, the line), the checks ~12 ms, and the fetch ~60 ms (psycopg decoding
the ~30 000 rows ~20 ms, Django's 15 querysets and the filing of the rows into dicts
the rest); the server adds 35–40 ms of its own (the join of 12 605 K realisasi alone
14 ms). The client's CPU alone is ~4× the floor; 3× (~126 ms) leaves ~85 ms of client
CPU once the server's share is paid, while the fetch and the checks alone take ~70 ms
today. Tried and dropped: pivoting the K realisasi in SQL (one row per indicator,
period columns, instead of 12 605 rows) made that query slower, 35–47 ms against
20–23 ms raw — the server's aggregation costs more than the transfer it saves. What
is left to try: fewer objects per line (one result object instead of the input, K,
Rp and capaian values, which the documents, API and templates read), or fetching and
combining each indicator's earlier years once per Renstra rather than once per form.

Later the same day (issue 9 item 4, issue 14): each indicator's Renja target is joined
onto the indicator rows (one query fewer: 14; the database no longer joins the same
rows twice), every figure byte for byte the same (``--dump``). Three runs of ``make
bench --no-documents`` on PostgreSQL, load average under 1 before each: load_many
195–223 ms against a floor of 44–48 ms, **4.4–4.6×** (its queries replayed raw
58–76 ms, 1.3–1.6×, was 1.6–2.2×); the dashboard page 237–268 ms. Measured in one
process on the same data, the form's computation (``compute_report`` for the 40
agencies, 2 555 lines) is ~113 ms and its checks ~11 ms: per line ~19 µs in
``rules.renja.compute_row`` (its two combinations, four capaian and the three result
values), ~5 µs building ``RenjaInput``, ~1 µs the line, the rest the earlier years,
the Rupiah roll-up and the grades. With the fetch now near the floor, 3× (~140 ms)
needs that computation about halved; trimming each call further was judged not worth
its risk this time.

2026-12-07, the machine just started (nothing else running), ``make bench
--no-documents`` on PostgreSQL, five runs alternating with and without server-side
binding: load_many 142–164 ms against a floor of 32–38 ms, **4.3–4.5×** (its 14
queries replayed raw 53 ms, 1.6×). In one process, load_many's time is the rules and
the form's assembly ~72 ms (2 555 lines), the checks ~6 ms, the statements ~29 ms at
the server and ~47 ms of fetching and filing their ~35 000 rows. The floor does none
of the computation; the form's computation alone is ~2.2× the floor and the fetch of
what it computes from ~1.6×: 3× would need the rules computed somewhere other than
``sakip.rules`` (issue 9 item 3 puts them there, in Python, once).

The page at the issue's size (a 62-row agency of the kabupaten, printed since the same
day against issue 9's "5× the peer", 34 ms): 29–47 ms in the same runs, within the aim
in two of four.

Also printed: the Pemda dashboard page, one agency's Evaluasi Renja page through HTTP
(the largest agency, and the one nearest the issue's 63 rows), a Renja import of 2,405
rows through the web (issue 10: preview and save within 10 s each) and, unless
``--no-documents``, the PDFs of issue 11 in a child process each.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

YEAR = 2024
RENSTRA_START, RENSTRA_END = 2023, 2026
QUARTER = 4
BENCH_DATABASE = "sakip_bench"

# (urusan, bidang, agency name, kind): real Permendagri 90/2019 bidang urusan of a kabupaten.
_AGENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("1", "01", "Dinas Pendidikan dan Kebudayaan", "dinas"),
    ("1", "02", "Dinas Kesehatan", "dinas"),
    ("1", "03", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"),
    ("1", "04", "Dinas Perumahan dan Kawasan Permukiman", "dinas"),
    ("1", "05", "Satuan Polisi Pamong Praja", "badan"),
    ("1", "06", "Dinas Sosial", "dinas"),
    ("2", "07", "Dinas Tenaga Kerja", "dinas"),
    ("2", "08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas"),
    ("2", "09", "Dinas Ketahanan Pangan", "dinas"),
    ("2", "10", "Dinas Pertanahan", "dinas"),
    ("2", "11", "Dinas Lingkungan Hidup", "dinas"),
    ("2", "12", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("2", "13", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas"),
    ("2", "14", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "dinas"),
    ("2", "15", "Dinas Perhubungan", "dinas"),
    ("2", "16", "Dinas Komunikasi dan Informatika", "dinas"),
    ("2", "17", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas"),
    ("2", "18", "Dinas Penanaman Modal dan PTSP", "dinas"),
    ("2", "19", "Dinas Kepemudaan dan Olahraga", "dinas"),
    ("2", "22", "Dinas Kebudayaan", "dinas"),
    ("2", "23", "Dinas Perpustakaan", "dinas"),
    ("2", "24", "Dinas Kearsipan", "dinas"),
    ("3", "25", "Dinas Perikanan", "dinas"),
    ("3", "26", "Dinas Pariwisata", "dinas"),
    ("3", "27", "Dinas Pertanian", "dinas"),
    ("3", "28", "Dinas Kehutanan", "dinas"),
    ("3", "30", "Dinas Perdagangan", "dinas"),
    ("3", "31", "Dinas Perindustrian", "dinas"),
    ("4", "01", "Sekretariat Daerah", "sekretariat"),
    ("4", "02", "Sekretariat DPRD", "sekretariat"),
    ("5", "01", "Bappedalitbang", "badan"),
    ("5", "02", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"),
    ("5", "03", "Badan Kepegawaian dan Pengembangan SDM", "badan"),
    ("5", "05", "Badan Penelitian dan Pengembangan", "badan"),
    ("6", "01", "Inspektorat", "inspektorat"),
    ("7", "01", "Kecamatan Tanah Grogot", "kecamatan"),
    ("7", "01", "Kecamatan Kuaro", "kecamatan"),
    ("7", "01", "Kecamatan Long Ikis", "kecamatan"),
    ("7", "01", "Kecamatan Batu Sopang", "kecamatan"),
    ("8", "01", "Badan Kesatuan Bangsa dan Politik", "badan"),
)
_UNITS = ("dokumen", "%", "orang", "kegiatan", "laporan", "indeks", "unit", "desa", "km")


@dataclass(frozen=True)
class Shape:
    """How big the synthetic kabupaten is. The defaults give ~60 Renja rows per agency."""

    agencies: int = 40
    programs: tuple[int, int] = (5, 7)  # per agency, inclusive range
    kegiatan: tuple[int, int] = (1, 4)  # per program
    subkegiatan: tuple[int, int] = (1, 4)  # per kegiatan
    seed: int = 20240601


@dataclass(frozen=True)
class Generated:
    pemda_id: int
    agency_ids: list[int]
    items: int
    indicators: int
    targets: int
    actuals: int
    budgets: int
    budget_actuals: int


def build_kabupaten(shape: Shape = Shape(), code: str = "bench") -> Generated:
    """A synthetic Pemda with realistic shapes, written with bulk_create. Deterministic.

    Per agency: a Renstra 2023–2026 with a goal and three sasaran; the urusan and bidang
    rows; programs → kegiatan → sub kegiatan (Permendagri 90/2019 codes); an indicator on
    every program/kegiatan/sub kegiatan (a second one on some programs) with a mix of
    kumulatif/non-kumulatif/average/max quarters, akumulatif/kondisi-akhir years, some
    lower-is-better, some zero targets; Renstra and Renja targets; K realisasi for four
    quarters (a few missing) and for last year (mostly a yearly figure, some quarterly);
    pagu on the sub kegiatan (a few 0), Rp realisasi for four quarters (a few missing) and
    last year; the head of each agency and the TW IV narrative.
    """
    from sakip.measurement.models import Actual, BudgetActual, QuarterReport
    from sakip.organisation.actions import create_pemda
    from sakip.organisation.models import Agency, Employee, Position, PositionHolding
    from sakip.planning.models import (
        Goal,
        Indicator,
        IndicatorTarget,
        ItemBudget,
        Objective,
        ProgramItem,
        Renja,
        RenjaRevision,
        Renstra,
    )
    from sakip.rules import codes as code_rules

    rnd = random.Random(shape.seed)  # noqa: S311 - synthetic data, not security
    pemda = create_pemda(
        code=code, name="Kabupaten Sintetis", kind="kabupaten", seat="Sintetis", head_title="Bupati"
    )
    specs = [_AGENCIES[i % len(_AGENCIES)] for i in range(shape.agencies)]
    agencies = Agency.objects.bulk_create(
        Agency(
            pemda=pemda,
            code=f"opd-{i + 1:02d}",
            name=name if i < len(_AGENCIES) else f"{name} {i // len(_AGENCIES) + 1}",
            kind=kind,
        )
        for i, (_u, _b, name, kind) in enumerate(specs)
    )
    renstras = Renstra.objects.bulk_create(
        Renstra(agency=a, start_year=RENSTRA_START, end_year=RENSTRA_END) for a in agencies
    )
    goals = Goal.objects.bulk_create(
        Goal(renstra=r, number=1, name=f"Meningkatnya kinerja {a.name}")
        for r, a in zip(renstras, agencies, strict=True)
    )
    objectives = Objective.objects.bulk_create(
        Objective(agency=a, goal=g, number=n, name=f"Sasaran {n} {a.name}")
        for a, g in zip(agencies, goals, strict=True)
        for n in (1, 2, 3)
    )
    objectives_of = {a.pk: [o for o in objectives if o.agency_id == a.pk] for a in agencies}

    # Heads: the Bupati's position has no agency; each agency head reports to it.
    bupati = Position.objects.create(pemda=pemda, code="bupati", title="Bupati")
    heads = Position.objects.bulk_create(
        Position(
            pemda=pemda,
            agency=a,
            code=f"kepala-{a.code}",
            title=f"Kepala {a.name}",
            eselon="II.b",
            superior=bupati,
        )
        for a in agencies
    )
    employees = Employee.objects.bulk_create(
        Employee(
            pemda=pemda,
            code=f"kepala-{a.code}",
            name=f"Kepala {i + 1}, S.Sos., M.Si.",
            nip=f"1970{1 + i % 12:02d}{1 + i % 28:02d}1997031{1 + i % 999:03d}",
            golongan="IV/b",
        )
        for i, a in enumerate(agencies)
    )
    PositionHolding.objects.bulk_create(
        PositionHolding(position=p, employee=e, year=YEAR)
        for p, e in zip(heads, employees, strict=True)
    )
    QuarterReport.objects.bulk_create(
        QuarterReport(
            agency=a,
            year=YEAR,
            quarter=QUARTER,
            driving_factors="Dukungan anggaran dan koordinasi lintas bidang.",
            inhibiting_factors="Keterlambatan pengadaan barang dan jasa.",
            follow_up_quarter="Mempercepat proses pengadaan.",
            follow_up_renja="Menyesuaikan target dengan kapasitas anggaran.",
        )
        for a in agencies
    )

    # --- the Renja of the year and its tree, level by level (bulk_create does not call
    # save(): sort_key here).
    renjas = {
        r.agency_id: r
        for r in Renja.objects.bulk_create(Renja(agency=a, year=YEAR) for a in agencies)
    }
    murni = {
        r.renja_id: r
        for r in RenjaRevision.objects.bulk_create(
            RenjaRevision(renja=r, number=0, kind=RenjaRevision.Kind.MURNI) for r in renjas.values()
        )
    }

    def item(agency: Agency, parent: ProgramItem | None, level: str, code: str, name: str) -> Any:
        return ProgramItem(
            agency=agency,
            renja=renjas[agency.pk],
            parent=parent,
            level=level,
            code=code,
            name=name,
            sort_key=code_rules.sort_key(code),
        )

    tops = ProgramItem.objects.bulk_create(
        item(a, None, "urusan", u, f"URUSAN {u}")
        for a, (u, _b, _n, _k) in zip(agencies, specs, strict=True)
    )
    bidangs = ProgramItem.objects.bulk_create(
        item(a, top, "bidang", f"{u}.{b}", f"BIDANG {u}.{b}")
        for a, top, (u, b, _n, _k) in zip(agencies, tops, specs, strict=True)
    )
    programs: list[ProgramItem] = []
    for a, bidang in zip(agencies, bidangs, strict=True):
        for p in range(1, rnd.randint(*shape.programs) + 1):
            program = item(
                a, bidang, "program", f"{bidang.code}.{p:02d}", f"PROGRAM {p} {a.name.upper()}"
            )
            program.objective = rnd.choice(objectives_of[a.pk]) if p > 1 else None
            programs.append(program)
    programs = ProgramItem.objects.bulk_create(programs)
    kegiatans = ProgramItem.objects.bulk_create(
        item(p.agency, p, "kegiatan", f"{p.code}.2.{k:02d}", f"Kegiatan {k} {p.code}")
        for p in programs
        for k in range(1, rnd.randint(*shape.kegiatan) + 1)
    )
    subs = ProgramItem.objects.bulk_create(
        item(k.agency, k, "subkegiatan", f"{k.code}.{s:04d}", f"Sub kegiatan {s} {k.code}")
        for k in kegiatans
        for s in range(1, rnd.randint(*shape.subkegiatan) + 1)
    )

    # --- indicators: one on every program/kegiatan/sub kegiatan, a second on some programs.
    indicator_rows: list[Indicator] = []
    for order, row in enumerate([*programs, *kegiatans, *subs], start=1):
        for extra in range(2 if row.level == "program" and rnd.random() < 0.2 else 1):
            qc = rnd.choices(["sum", "last", "average", "max"], [55, 35, 5, 5])[0]
            indicator_rows.append(
                Indicator(
                    pemda=pemda,
                    agency=row.agency,
                    name=f"Indikator {row.code}" + (" (tambahan)" if extra else ""),
                    unit="%" if qc != "sum" else rnd.choice(_UNITS),
                    polarity="lower" if rnd.random() < 0.1 else "higher",
                    quarter_combine=qc,
                    year_combine="sum" if qc == "sum" else "last",
                    program_item=row,
                    order=order * 2 + extra,
                )
            )
    targets: list[IndicatorTarget] = []
    actuals: list[Actual] = []
    for indicator in indicator_rows:
        cumulative = indicator.quarter_combine == "sum"
        zero = rnd.random() < 0.03
        target = (
            Decimal(0)
            if zero
            else Decimal(rnd.randint(4, 400))
            if cumulative
            else Decimal(rnd.randint(5000, 9900)) / 100
        )
        indicator.end_target = target * (RENSTRA_END - RENSTRA_START + 1) if cumulative else target
        indicator.end_target_text = str(indicator.end_target)
        for year in range(RENSTRA_START, RENSTRA_END + 1):
            targets.append(
                IndicatorTarget(
                    indicator=indicator,
                    kind=IndicatorTarget.Kind.RENSTRA,
                    year=year,
                    text=str(target),
                    value=target,
                )
            )
        targets.append(
            IndicatorTarget(
                indicator=indicator,
                kind=IndicatorTarget.Kind.RENJA,
                year=YEAR,
                text=str(target),
                value=target,
            )
        )

        def realised(
            share: float, target: Decimal = target, cumulative: bool = cumulative
        ) -> Decimal:
            base = (target or Decimal(rnd.randint(1, 20))) * Decimal(str(round(share, 3)))
            return base.quantize(Decimal("1") if cumulative else Decimal("0.01"))

        prior = rnd.random()
        if prior < 0.85:
            actuals.append(
                Actual(
                    indicator=indicator,
                    year=YEAR - 1,
                    quarter=0,
                    value=realised(rnd.uniform(0.7, 1.15)),
                )
            )
        elif prior < 0.95:
            for q in (1, 2, 3, 4):
                share = rnd.uniform(0.15, 0.3) if cumulative else rnd.uniform(0.6, 1.1)
                actuals.append(
                    Actual(indicator=indicator, year=YEAR - 1, quarter=q, value=realised(share))
                )
        for q in (1, 2, 3, 4):
            if rnd.random() < 0.04:
                continue  # a quarter not entered
            share = rnd.uniform(0.15, 0.35) if cumulative else rnd.uniform(0.6, 1.15)
            actuals.append(Actual(indicator=indicator, year=YEAR, quarter=q, value=realised(share)))
    Indicator.objects.bulk_create(indicator_rows)
    IndicatorTarget.objects.bulk_create(targets)
    Actual.objects.bulk_create(actuals)

    # --- money on the leaves: pagu, the Renstra budget, Rp realisasi.
    budgets: list[ItemBudget] = []
    spent: list[BudgetActual] = []
    for sub in subs:
        pagu = 0 if rnd.random() < 0.02 else rnd.randint(25, 2000) * 1_000_000 + rnd.randint(0, 999)
        budgets.append(
            ItemBudget(
                item=sub,
                revision=murni[sub.renja_id],
                pagu=pagu,
                renstra_pagu=pagu * 4 + rnd.randint(0, 10**6),
            )
        )
        spent.append(
            BudgetActual(item=sub, year=YEAR - 1, quarter=0, amount=int(pagu * rnd.uniform(0.8, 1)))
        )
        absorbed = rnd.uniform(0.75, 1.0)
        for q, share in zip((1, 2, 3, 4), (0.1, 0.25, 0.25, 0.4), strict=True):
            if rnd.random() < 0.03:
                continue
            spent.append(
                BudgetActual(
                    item=sub,
                    year=YEAR,
                    quarter=q,
                    amount=int(pagu * share * absorbed) // 1000 * 1000,
                )
            )
    ItemBudget.objects.bulk_create(budgets)
    BudgetActual.objects.bulk_create(spent)

    return Generated(
        pemda_id=pemda.pk,
        agency_ids=[a.pk for a in agencies],
        items=len(tops) + len(bidangs) + len(programs) + len(kegiatans) + len(subs),
        indicators=len(indicator_rows),
        targets=len(targets),
        actuals=len(actuals),
        budgets=len(budgets),
        budget_actuals=len(spent),
    )


# --------------------------------------------------------------------------- the floor


def floor_query(pemda_id: int, first_year: int, last_year: int) -> list[tuple[Any, ...]]:
    """ONE statement returning exactly what the form prints per row, fetched to Python:
    per Renja row of ``last_year`` ("rp") its quarter realisasi TW I–IV, its realisasi of
    the earlier Renstra years (by code) and its pagu (murni); per indicator of a row
    ("k") its quarters, its whole earlier-year figures and its Renja target. What the
    form derives from these (parents' sums, columns 13–15, capaian, the footer) is the
    computation the floor leaves out. Table names come from the models; every value is
    a parameter.

    Columns: kind, agency, item, indicator, q1, q2, q3, q4, before, pagu or target."""
    from django.db import connection

    from sakip.measurement.models import Actual, BudgetActual
    from sakip.organisation.models import Agency
    from sakip.planning.models import (
        Indicator,
        IndicatorTarget,
        ItemBudget,
        ProgramItem,
        Renja,
        RenjaRevision,
    )

    t = {
        m.__name__: connection.ops.quote_name(m._meta.db_table)
        for m in (
            Actual,
            BudgetActual,
            Agency,
            Indicator,
            IndicatorTarget,
            ItemBudget,
            ProgramItem,
            Renja,
            RenjaRevision,
        )
    }
    y = last_year
    sql = f"""
        SELECT 'rp', i.agency_id, i.id, NULL, s.q1, s.q2, s.q3, s.q4, s.before, p.pagu
          FROM {t["ProgramItem"]} i
          JOIN {t["Renja"]} j ON j.id = i.renja_id
          JOIN {t["Agency"]} g ON g.id = j.agency_id
          LEFT JOIN (
                SELECT c.agency_id, c.sort_key,
                       SUM(CASE WHEN x.year = %s AND x.quarter = 1 THEN x.amount END) AS q1,
                       SUM(CASE WHEN x.year = %s AND x.quarter = 2 THEN x.amount END) AS q2,
                       SUM(CASE WHEN x.year = %s AND x.quarter = 3 THEN x.amount END) AS q3,
                       SUM(CASE WHEN x.year = %s AND x.quarter = 4 THEN x.amount END) AS q4,
                       SUM(CASE WHEN x.year < %s THEN x.amount END) AS before
                  FROM {t["BudgetActual"]} x
                  JOIN {t["ProgramItem"]} c ON c.id = x.item_id
                 WHERE x.year BETWEEN %s AND %s
                 GROUP BY c.agency_id, c.sort_key
          ) s ON s.agency_id = i.agency_id AND s.sort_key = i.sort_key
          LEFT JOIN (
                SELECT b.item_id, b.pagu
                  FROM {t["ItemBudget"]} b
                  JOIN {t["RenjaRevision"]} v ON v.id = b.revision_id
                 WHERE v.number = 0
          ) p ON p.item_id = i.id
         WHERE g.pemda_id = %s AND j.year = %s
        UNION ALL
        SELECT 'k', i.agency_id, i.id, n.id,
               SUM(CASE WHEN a.year = %s AND a.quarter = 1 THEN a.value END),
               SUM(CASE WHEN a.year = %s AND a.quarter = 2 THEN a.value END),
               SUM(CASE WHEN a.year = %s AND a.quarter = 3 THEN a.value END),
               SUM(CASE WHEN a.year = %s AND a.quarter = 4 THEN a.value END),
               SUM(CASE WHEN a.year < %s AND a.quarter = 0 THEN a.value END),
               MAX(r.value)
          FROM {t["Indicator"]} n
          JOIN {t["ProgramItem"]} i ON i.id = n.program_item_id
          JOIN {t["Renja"]} j ON j.id = i.renja_id
          JOIN {t["Agency"]} g ON g.id = j.agency_id
          LEFT JOIN {t["Actual"]} a ON a.indicator_id = n.id AND a.year BETWEEN %s AND %s
          LEFT JOIN {t["IndicatorTarget"]} r
                 ON r.indicator_id = n.id AND r.kind = %s AND r.year = %s
         WHERE g.pemda_id = %s AND j.year = %s
         GROUP BY i.agency_id, i.id, n.id
    """  # noqa: S608 - table names from the models; every value is a parameter
    params = [
        y, y, y, y, y, first_year, y,
        pemda_id, y,
        y, y, y, y, y, first_year, y,
        IndicatorTarget.Kind.RENJA, y,
        pemda_id, y,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def floor_totals(rows: Sequence[tuple[Any, ...]]) -> dict[int, tuple[int, int, int]]:
    """Per agency, from the floor's rows: Σ realisasi TW I–IV, Σ earlier years, Σ pagu."""
    totals: dict[int, tuple[int, int, int]] = {}
    for kind, agency, _item, _indicator, q1, q2, q3, q4, before, pagu in rows:
        if kind != "rp":
            continue
        spent = sum(int(v) for v in (q1, q2, q3, q4) if v is not None)
        old = totals.get(agency, (0, 0, 0))
        totals[agency] = (old[0] + spent, old[1] + int(before or 0), old[2] + int(pagu or 0))
    return totals


# --------------------------------------------------------------------------- measuring


def best_of(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The best wall time of ``runs`` calls after one warm-up, and the last result.

    Each run starts from a collected heap (the garbage of the run before is not its
    cost); the collections a run triggers itself are counted (unlike ``timeit``)."""
    result = fn()
    best = float("inf")
    for _ in range(runs):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@dataclass
class Line:
    label: str
    seconds: float
    queries: int | None


def _summary(report: Any) -> tuple[int, int | None, int, int | None, str]:
    """What the consistency checks compare: the agency, the Rupiah the floor also sums
    (pagu, realisasi this year and before) and the footer."""
    t = report.totals
    return (report.agency.pk, t.pagu_year, t.realised_year, t.spent_before, repr(report.footer))


def measure(generated: Generated, runs: int) -> tuple[list[Line], float, list[str]]:
    """The timed lines (the headline first), the floor's time and any consistency errors.

    Each measurement runs with only its own results alive: what a run leaves behind
    would make the next one's garbage collections slower."""
    from django.db import connection

    from sakip.organisation.models import Agency
    from sakip.reports import evaluasi_renja

    agencies = list(
        Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda").order_by("pk")
    )
    n = len(agencies)
    lines: list[Line] = []
    errors: list[str] = []

    def every_load() -> list[Any]:
        return [evaluasi_renja.load(a, YEAR, QUARTER) for a in agencies]

    fastest: Callable[[], Any] = every_load
    load_many = getattr(evaluasi_renja, "load_many", None)
    many: list[Any] = []
    if load_many is not None:

        def all_at_once() -> Any:
            return load_many(agencies, YEAR, QUARTER)

        seconds, result = best_of(all_at_once, runs)
        many = [_summary(r) for r in result]  # type: ignore[attr-defined]
        del result
        lines.append(
            Line(f"evaluasi_renja.load_many ({n} at once)", seconds, count_queries(all_at_once))
        )
        fastest = all_at_once

    # The Pemda dashboard page (issue 12): the view whole, figures, charts and HTML,
    # as the Pemda's admin sees it; its aim is under 300 ms for 40 agencies.
    dashboard_page = _dashboard_page(generated)
    seconds, _ = best_of(dashboard_page, runs)
    lines.append(Line(f"dashboard page ({n} agencies)", seconds, count_queries(dashboard_page)))

    seconds, reports = best_of(every_load, runs)
    lines.append(
        Line(f"evaluasi_renja.load × {n} (a page each)", seconds, count_queries(every_load))
    )
    summaries = [_summary(r) for r in reports]  # type: ignore[attr-defined]
    if many and many != summaries:
        errors.append("load_many and load give different forms")

    def documents(reports: Any = reports) -> list[Any]:
        return [evaluasi_renja.build_document(r) for r in reports]

    seconds, _ = best_of(documents, runs)
    lines.append(Line(f"build_document × {n} (on its own)", seconds, count_queries(documents)))
    del reports, documents, _

    # What fetching alone costs: the same statements with the same parameters, replayed
    # on a raw cursor (no model instances, no Decimal conversion, no computation).
    statements: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        fastest()

    def replay() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    seconds, _ = best_of(replay, runs)
    lines.insert(1, Line("  its queries alone, raw fetch", seconds, len(statements)))

    def floor() -> list[tuple[Any, ...]]:
        return floor_query(generated.pemda_id, RENSTRA_START, YEAR)

    floor_seconds, rows = best_of(floor, runs)

    # The reports and the floor must have read the same money: the floor's rows summed.
    totals = floor_totals(rows)  # type: ignore[arg-type]
    for agency, (aid, pagu_year, realised, before, _footer) in zip(
        agencies, summaries, strict=True
    ):
        spent, spent_before, pagu = totals.get(aid, (0, 0, 0))
        for what, computed, summed in (
            ("Rp realisasi TW I–IV", realised, spent),
            ("pagu", pagu_year or 0, pagu),
            ("Rp tahun lalu", before or 0, spent_before),
        ):
            if computed != summed:
                errors.append(f"{agency.code}: {what} {computed} ≠ SQL {summed}")
    return lines, floor_seconds, errors


def _dashboard_page(generated: Generated) -> Callable[[], Any]:
    """The dashboard view for the kabupaten's admin, without the HTTP layer."""
    from django.test import RequestFactory

    from sakip.accounts.models import Role, User
    from sakip.dashboard.views import pemda_dashboard

    admin, _ = User.objects.get_or_create(
        username=f"admin.{generated.pemda_id}.bench",
        defaults={"role": Role.ADMIN_PEMDA, "pemda_id": generated.pemda_id},
    )

    def page() -> Any:
        request = RequestFactory().get("/dasbor/")
        request.user = admin
        response = pemda_dashboard(request, YEAR, QUARTER)
        if response.status_code != 200:
            raise RuntimeError(f"dashboard answered {response.status_code}")
        return response

    return page


def print_table(vendor: str, generated: Generated, lines: Sequence[Line], floor: float) -> None:
    print()
    print(f"sakip bench — Evaluasi Renja TW {QUARTER} {YEAR} of every agency — {vendor}")
    print(
        f"rows: {len(generated.agency_ids)} agencies, {generated.items} Renja rows "
        f"({generated.items / max(len(generated.agency_ids), 1):.0f}/agency), "
        f"{generated.indicators} indicators, {generated.targets} targets, "
        f"{generated.actuals} K actuals, {generated.budgets} pagu, "
        f"{generated.budget_actuals} Rp actuals"
    )
    width = max(
        len(line.label) for line in [*lines, Line("floor: 1 SQL, the rows the form prints", 0, 1)]
    )
    print(f"{'':{width}}  {'time (ms)':>10}  {'queries':>7}  {'× floor':>8}")
    for line in lines:
        queries = "" if line.queries is None else str(line.queries)
        print(
            f"{line.label:{width}}  {line.seconds * 1000:10.1f}  {queries:>7}  "
            f"{line.seconds / floor:8.1f}"
        )
    floor_label = "floor: 1 SQL, the rows the form prints"
    print(f"{floor_label:{width}}  {floor * 1000:10.1f}  {1:>7}  {1:8.1f}")
    n = max(len(generated.agency_ids), 1)
    page = next(line for line in lines if "a page each" in line.label)
    documents = next(line for line in lines if line.label.startswith("build_"))
    print(
        f"one agency's page: load {page.seconds / n * 1000:.1f} ms in "
        f"{(page.queries or 0) // n} queries, build_document {documents.seconds / n * 1000:.1f} ms"
    )
    best = min(line.seconds for line in lines if line.label.startswith("evaluasi_renja."))
    verdict = "within" if best <= 3 * floor else "NOT within"
    print(f"every agency's Evaluasi Renja: {best / floor:.1f}× the floor, {verdict} the 3× aim")


# --------------------------------------------------------------------------- databases


def _replace_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def throwaway_database() -> Iterator[str]:
    """Point DATABASE_URL at a throw-away database for the duration; yield the vendor."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg
        from psycopg import sql

        def admin(statement: sql.Composable) -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(statement)

        name = sql.Identifier(BENCH_DATABASE)
        admin(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        admin(sql.SQL("CREATE DATABASE {}").format(name))
        os.environ["DATABASE_URL"] = _replace_database(url, BENCH_DATABASE)
        try:
            yield "PostgreSQL"
        finally:
            from django.db import connections

            connections.close_all()
            os.environ["DATABASE_URL"] = url
            admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    else:
        folder = tempfile.mkdtemp(prefix="sakip-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        try:
            yield "SQLite"
        finally:
            from django.db import connections

            connections.close_all()
            shutil.rmtree(folder, ignore_errors=True)
            if url:
                os.environ["DATABASE_URL"] = url
            else:
                os.environ.pop("DATABASE_URL", None)


# --------------------------------------------------------------------------- documents

#: Issue 11's aims for the documents (seconds, and MB of peak memory where given).
DOCUMENT_AIMS = {
    "LKjIP PDF (demo Kesbangpol Paser 2023)": (10.0, None),
    "PK cascade PDF (demo Kesbangpol Paser 2024)": (1.0, None),
    "Evaluasi Renja PDF (~700 rows)": (5.0, 200.0),
}
#: A Renja of about 700 rows: 11 programs × 6 kegiatan × 9 sub kegiatan, plus the
#: urusan, bidang, program and kegiatan rows.
LARGE_RENJA = Shape(agencies=1, programs=(11, 11), kegiatan=(6, 6), subkegiatan=(9, 9), seed=7)


def _timed_in_child(fetch: Callable[[], bytes]) -> tuple[float, float, int]:
    """Run ``fetch`` twice in a forked child, timing the second: wall seconds, the
    child's peak resident memory (MB; the process as a web worker that prints this
    document would hold it: Django, the data and the document), and the size of what it
    returned. Each document gets a child of its own, forked from a parent that has
    printed none: one document's engine and caches do not count in another's peak."""
    import resource

    from django.db import connections

    # The child opens its own database connection: a connection shared across a fork
    # would be closed (PostgreSQL: terminated) by whichever process ends first.
    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure and report through the pipe
        os.close(read)
        fetch()  # warm-up in the child itself: fonts, templates, lazy imports
        started = time.perf_counter()
        size = len(fetch())
        elapsed = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        os.write(write, f"{elapsed} {peak_kb} {size}".encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    if not text:
        raise RuntimeError("the document benchmark child failed")
    elapsed, peak_kb, size = text.split()
    return float(elapsed), int(peak_kb) / 1024, int(size)


def measure_documents() -> list[tuple[str, float, float, int]]:
    """The PDFs of issue 11, each fetched through the web as a user would (the access
    gate, the loaders, the document, WeasyPrint): the demo agency's LKjIP and PK
    cascade, and the Evaluasi Renja of a synthetic agency of ~700 Renja rows."""
    import io as _io

    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from sakip.accounts.models import User
    from sakip.organisation.models import Agency

    call_command("load_demo", stdout=_io.StringIO())
    with transaction.atomic():
        large = build_kabupaten(LARGE_RENJA, code="bench-large")
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench.admin", password=None
    )
    client = Client()
    client.force_login(admin)
    paser = Agency.objects.get(pemda__code="paser", code="kesbangpol")

    from sakip.downloads.testing import fetch as fetch_download

    def get(url: str) -> Callable[[], bytes]:
        # A PDF above SAKIP_BACKGROUND_WEIGHT is prepared off the request: timed here
        # from the request through the rendering (as the worker does it) to the file.
        def fetch() -> bytes:
            fetched = fetch_download(client, url)
            if fetched.content_type != "application/pdf":
                raise RuntimeError(f"{url}: {fetched.content_type}")
            return fetched.content

        return fetch

    urls = {
        "LKjIP PDF (demo Kesbangpol Paser 2023)": f"/opd/{paser.pk}/lkjip/2023/?format=pdf",
        "PK cascade PDF (demo Kesbangpol Paser 2024)": (
            f"/opd/{paser.pk}/pohon-kinerja/2024/?format=pdf"
        ),
        "Evaluasi Renja PDF (~700 rows)": (
            f"/opd/{large.agency_ids[0]}/evaluasi-renja/{YEAR}/tw{QUARTER}/?format=pdf"
        ),
    }
    results = []
    for label, url in urls.items():
        elapsed, peak, size = _timed_in_child(get(url))
        results.append((label, elapsed, peak, size))
    return results


#: The aim of issue 10: a Pemda's Renja of 2,500 rows previewed, and imported, in
#: under 10 s each.
IMPORT_AIM_SECONDS = 10.0


def large_renja_sheet(urusan: str = "1.02") -> list[list[Any]]:
    """The Data rows of a Renja import of 2,405 rows (5 programs × 20 kegiatan × 23 sub
    kegiatan, an indicator on each, a pagu on each sub kegiatan), as the Renja
    template's columns take them (shared with sakip/setup/tests/test_renja.py)."""
    rows: list[list[Any]] = []
    for p in range(1, 6):
        program = f"{urusan}.{p:02d}"
        rows.append([program, f"Program {p}", None, None, f"Indikator program {p}", "%", 90, None])
        for k in range(1, 21):
            kegiatan = f"{program}.2.{k:02d}"
            rows.append(
                [
                    kegiatan,
                    f"Kegiatan {p}.{k}",
                    None,
                    None,
                    f"Indikator kegiatan {p}.{k}",
                    "Dokumen",
                    1,
                    None,
                ]
            )
            for sub in range(1, 24):
                rows.append(
                    [
                        f"{kegiatan}.{sub:04d}",
                        f"Sub kegiatan {p}.{k}.{sub}",
                        None,
                        None,
                        f"Keluaran {p}.{k}.{sub}",
                        "Unit",
                        sub,
                        1_000_000 * sub,
                    ]
                )
    return rows


def measure_renja_import(pemda_id: int) -> tuple[int, float, float]:
    """A Renja of :func:`large_renja_sheet` uploaded through the web by an operator of a
    new agency: (rows, seconds to the preview, seconds to save it)."""
    import io as _io
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from openpyxl import load_workbook

    from sakip.accounts.models import Role, User
    from sakip.organisation.models import Agency

    agency = Agency.objects.create(pemda_id=pemda_id, code="bench-import", name="Dinas Impor")
    operator = User.objects.create_user(
        "bench.import", role=Role.OPERATOR, pemda_id=pemda_id, agency=agency
    )
    client = Client()
    client.force_login(operator)
    base = f"/opd/{agency.pk}/renja/{YEAR + 1}/"
    book = load_workbook(_io.BytesIO(client.get(base + "templat.xlsx").content))
    rows = large_renja_sheet()
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            book["Data"].cell(row=r, column=c).value = value
    buffer = _io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("renja.xlsx", buffer.getvalue())
    started = time.perf_counter()
    preview = client.post(base + "impor/", {"file": upload})
    previewed = time.perf_counter() - started
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
    if preview.status_code != 200 or token is None:
        raise RuntimeError(f"Renja import preview: {preview.status_code}, no token")
    started = time.perf_counter()
    saved = client.post(base + "impor/simpan/", {"token": token.group(1)})
    if saved.status_code != 302:
        raise RuntimeError(f"Renja import: {saved.status_code}")
    return len(rows), previewed, time.perf_counter() - started


def _renja_rows() -> int:
    from sakip.organisation.models import Agency
    from sakip.reports import evaluasi_renja

    agency = Agency.objects.filter(pemda__code="bench-large").first()
    return len(evaluasi_renja.load(agency, YEAR, QUARTER).lines) if agency else 0


def print_documents(results: list[tuple[str, float, float, int]], rows: int) -> None:
    print(f"--- documents (one request each, in a fresh child process; {rows} Renja rows)")
    for label, elapsed, peak, size in results:
        aim_s, aim_mb = DOCUMENT_AIMS[label]
        within = elapsed <= aim_s and (aim_mb is None or peak <= aim_mb)
        aim = f"aim {aim_s:g} s" + (f", {aim_mb:g} MB" if aim_mb else "")
        print(
            f"{label:46} {elapsed:6.2f} s  peak {peak:6.0f} MB  {size / 1024:6.0f} KB  "
            f"({aim}: {'within' if within else 'NOT within'})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sakip.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--agencies", type=int, default=Shape.agencies)
    parser.add_argument("--runs", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of load_many/load")
    parser.add_argument(
        "--no-documents", action="store_true", help="skip the PDF timings (issue 11)"
    )
    parser.add_argument(
        "--dump",
        metavar="FILE",
        help="time nothing: write every figure of the kabupaten and the demo to FILE "
        "(sakip.reports.fingerprint), to compare before and after a change",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
    # Django keeps every query of a DEBUG process in memory: not what a server does.
    os.environ["DEBUG"] = "false"
    # The prepared PDFs are files: kept in a throw-away folder, not the checkout's.
    media = tempfile.TemporaryDirectory(prefix="sakip-bench-media-")
    os.environ["SAKIP_MEDIA_ROOT"] = media.name
    with throwaway_database() as vendor:
        import django
        from django.core.management import call_command
        from django.db import transaction

        django.setup()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        with transaction.atomic():
            generated = build_kabupaten(Shape(agencies=args.agencies))
        built = time.perf_counter() - started
        if vendor == "PostgreSQL":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"--- {vendor}: synthetic kabupaten built in {built:.1f} s")
        if args.dump:
            written = dump_figures(generated, args.dump)
            print(f"--- {written} lines of figures written to {args.dump}")
            return 0
        lines, floor, errors = measure(generated, args.runs)
        print_table(vendor, generated, lines, floor)
        page, rows = measure_page(generated, args.runs)
        print(
            f"the page itself (HTTP GET, the largest agency, {rows} rows): "
            f"{page.seconds * 1000:.1f} ms in {page.queries} queries"
        )
        sized, sized_rows = measure_page(generated, args.runs, rows=PAGE_ROWS)
        verdict = "within" if sized.seconds <= PAGE_AIM_SECONDS else "NOT within"
        print(
            f"the page of the issue's size (an agency of {sized_rows} rows): "
            f"{sized.seconds * 1000:.1f} ms in {sized.queries} queries, "
            f"{PEER_PAGE_SECONDS / sized.seconds:.1f}× the peer's speed "
            f"(aim 5×, {PAGE_AIM_SECONDS * 1000:.0f} ms: {verdict})"
        )
        sheet_page, sheet_rows = measure_realisasi_page(generated, args.runs)
        print(
            f"the realisasi page (HTTP GET, its operator, {sheet_rows} rows): "
            f"{sheet_page.seconds * 1000:.1f} ms in {sheet_page.queries} queries"
        )
        imported, previewed, saved = measure_renja_import(generated.pemda_id)
        within = max(previewed, saved) <= IMPORT_AIM_SECONDS
        print(
            f"Renja import of {imported} rows through the web: preview {previewed:.1f} s, "
            f"save {saved:.1f} s (aim {IMPORT_AIM_SECONDS:g} s each: "
            f"{'within' if within else 'NOT within'})"
        )
        if args.profile:
            _profile(generated, args.profile)
        if not args.no_documents:
            results = measure_documents()
            print_documents(results, _renja_rows())
    for error in errors:
        print(f"!!! {error}", file=sys.stderr)
    return 1 if errors else 0


def dump_figures(generated: Generated, path: str) -> int:
    """Every figure of the kabupaten (TW II and IV) and of the demo (loaded now: each
    Pemda, 2023 and 2024, every quarter) to ``path``, one line each; the count."""
    import io

    from django.core.management import call_command

    from sakip.organisation.models import Agency
    from sakip.reports import fingerprint

    call_command("load_demo", stdout=io.StringIO())
    agencies = list(Agency.objects.select_related("pemda").order_by("pemda__code", "pk"))
    by_pemda: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_pemda.setdefault(agency.pemda.code, []).append(agency)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for code, members in by_pemda.items():
            if members[0].pemda_id == generated.pemda_id:
                years, quarters = [YEAR], (2, QUARTER)
            else:
                years, quarters = [2023, 2024], (1, 2, 3, 4)
            for line in fingerprint.lines(code, members, years, quarters):
                out.write(line + "\n")
                written += 1
    return written


def _agencies_with_rows(generated: Generated) -> Any:
    """The kabupaten's agencies, each with its number of Renja rows in ``rows``."""
    from django.db.models import Count

    from sakip.organisation.models import Agency

    return Agency.objects.filter(pk__in=generated.agency_ids).annotate(rows=Count("program_items"))


def _largest_agency(generated: Generated) -> Any:
    """The kabupaten's agency with the most Renja rows (its number in ``rows``)."""
    agency = _agencies_with_rows(generated).order_by("-rows", "pk").first()
    assert agency is not None
    return agency


def _page(user: Any, url: str, label: str, runs: int) -> tuple[Line, Any]:
    """``url`` as a browser of ``user`` gets it (routing, access gate, loading,
    computing, HTML): best of ``runs``, its queries, and the response."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    seconds, response = best_of(get, runs)
    return Line(label, seconds, count_queries(get)), response


def _agency_of_size(generated: Generated, rows: int) -> Any:
    """The kabupaten's agency whose Renja row count is nearest ``rows`` (its number in
    ``rows``; the first by pk among equals)."""
    agencies = _agencies_with_rows(generated).order_by("pk")
    return min(agencies, key=lambda agency: abs(agency.rows - rows))


#: Issue 9 item 4: one agency's Evaluasi Renja page of 63 rows took ~84 ms when it was
#: filed, about half a widely used peer e-SAKIP's time for the same page on the same
#: data; the aim is 5× the peer's speed. The peer is not in this repository: its time
#: is the issue's (2 × 84 ms), and the aim follows from it.
PAGE_ROWS = 63
PEER_PAGE_SECONDS = 2 * 0.084
PAGE_AIM_SECONDS = PEER_PAGE_SECONDS / 5


def measure_page(generated: Generated, runs: int, rows: int | None = None) -> tuple[Line, int]:
    """The Evaluasi Renja page, as a browser gets it (routing, access gate, loading,
    computing, the document and its HTML), of the agency with the most rows, or of the
    one nearest ``rows`` rows."""
    from django.urls import reverse

    from sakip.accounts.models import User

    agency = _largest_agency(generated) if rows is None else _agency_of_size(generated, rows)
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password=None
    )
    url = reverse("evaluasi_renja", args=[agency.pk, YEAR, QUARTER])
    line, _ = _page(user, url, "Evaluasi Renja page", runs)
    return line, agency.rows


def measure_realisasi_page(generated: Generated, runs: int) -> tuple[Line, int]:
    """The quarter's realisasi sheet of the same agency as its operator opens it at the
    deadline (every row with its input forms); the number of rows (K and Rp)."""
    from django.urls import reverse

    from sakip.accounts.models import Role, User

    agency = _largest_agency(generated)
    operator = User(
        username="bench.operator", role=Role.OPERATOR, pemda=agency.pemda, agency=agency
    )
    operator.set_unusable_password()
    operator.save()
    url = reverse("measurement_quarter", args=[agency.pk, YEAR, QUARTER])
    line, response = _page(operator, url, "realisasi page", runs)
    return line, response.content.count(b"data-tally=")


def _profile(generated: Generated, path: str) -> None:
    import cProfile

    from sakip.organisation.models import Agency
    from sakip.reports import evaluasi_renja

    agencies = list(Agency.objects.filter(pk__in=generated.agency_ids).select_related("pemda"))
    load_many = getattr(evaluasi_renja, "load_many", None)
    profiler = cProfile.Profile()
    profiler.enable()
    if load_many is not None:
        load_many(agencies, YEAR, QUARTER)
    else:
        for agency in agencies:
            evaluasi_renja.load(agency, YEAR, QUARTER)
    profiler.disable()
    profiler.dump_stats(path)
    print(f"--- profile written to {path}")


if __name__ == "__main__":
    sys.exit(main())
