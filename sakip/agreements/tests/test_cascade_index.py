"""The cascade's line check reads each PK's budget rows once, indexed by the codes
they lie beneath (cascade.RowsBeneath), instead of comparing every line of a PK with
every row of the PKs below it: the same rows found, the same findings, a fixed number
of queries and a number of code readings that grows with the rows, not their square."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.agreements import cascade
from sakip.agreements.models import AgreementBudget
from sakip.agreements.tests.test_queries import _grow
from sakip.rules import codes as code_rules

pytestmark = pytest.mark.django_db


def _beneath_by_comparison(parent_code: str, row: AgreementBudget) -> bool:
    """What "beneath" means, one pair at a time (the check's former definition)."""
    code = row.code or row.parent_code
    if not code:
        return False
    try:
        return code_rules.parse_code(parent_code).is_ancestor_of(code_rules.parse_code(code)) or (
            not row.code and row.parent_code == parent_code
        )
    except code_rules.CodeError:
        return False


def _row(code: str = "", parent_code: str = "") -> AgreementBudget:
    return AgreementBudget(code=code, parent_code=parent_code, name=code or parent_code, amount=1)


TRICKY_ROWS = [
    _row("8.01.05.2.01.01"),
    _row("8.01.05.2.01.0002"),  # the SIPD form: 4 digits, the same kegiatan
    _row("8.1.05.2.01.03"),  # not a code (a 1-digit bidang)
    _row("8.01.05.2.02"),
    _row("8.01.05"),
    _row("8.01.06.2.01.01"),
    _row(parent_code="8.01.05.2.01"),  # no code of its own, printed under the kegiatan
    _row(parent_code="8.01.05"),
    _row(parent_code="8.01.5"),  # printed under something that is not a code
    _row(),
    _row(" 8.01.05.2.01.04 "),
]
CODES = ["8.01.05", "8.01.05.2.01", "8.01.5", "8.01.05.2.01.01", "8.01", "8", "", "x", "8.01.06"]


def test_the_index_finds_exactly_the_rows_the_pairwise_comparison_finds():
    index = cascade.RowsBeneath(TRICKY_ROWS)
    for code in CODES:
        expected = [r for r in TRICKY_ROWS if _beneath_by_comparison(code, r)]
        assert index.beneath(code) == expected, code
    assert [r.name for r in index.beneath("8.01.05.2.01")] == [
        "8.01.05.2.01.01",
        "8.01.05.2.01.0002",
        "8.01.05.2.01",
        " 8.01.05.2.01.04 ",
    ]


def _pairwise(monkeypatch):
    """Make the check find rows the old way, one comparison per pair."""

    def beneath(self, code, key=None):
        return [r for r in self.rows if _beneath_by_comparison(code, r)]

    monkeypatch.setattr(cascade.RowsBeneath, "beneath", beneath)


def _findings(agency, year=2024):
    return [
        (f.code, f.message, f.agreement_id, f.related_agreement_id, f.severity)
        for f in cascade.load_cascade(agency, year).findings
    ]


def test_on_the_demo_the_findings_are_those_of_the_pairwise_comparison(kesbangpol, monkeypatch):
    indexed = _findings(kesbangpol)
    assert any(code == "cascade_mismatch" for code, *_ in indexed)
    _pairwise(monkeypatch)
    assert _findings(kesbangpol) == indexed


def test_on_a_larger_hand_built_cascade_the_findings_are_those_of_the_pairwise_comparison(
    build, monkeypatch
):
    head = build.position("Kepala Badan", "II.b")
    programs = [f"8.01.{p:02d}" for p in range(1, 4)]
    kegiatan = [f"{p}.2.{k:02d}" for p in programs for k in range(1, 5)]
    build.pk(
        head, [(p, 4_000) for p in programs] + [(k, 1_000 + i) for i, k in enumerate(kegiatan)]
    )
    for b in range(3):
        kabid = build.position(f"Kepala Bidang {b}", "III.a", superior=head)
        build.pk(kabid, [(f"{k}.{s:02d}", 100 * (b + 1)) for k in kegiatan for s in (1, 2)])
        for j in range(2):
            jf = build.position(f"JF {b}.{j}", "JF", superior=kabid)
            build.pk(jf, [(f"{kegiatan[j]}.01", 50), (f"{kegiatan[j]}.0001", 50)])
    indexed = _findings(build.agency)
    assert sum(code == "cascade_mismatch" for code, *_ in indexed) >= 10
    _pairwise(monkeypatch)
    assert _findings(build.agency) == indexed


def test_the_check_reads_each_code_once_not_once_per_pair(build, monkeypatch):
    head = build.position("Kepala Badan", "II.b")
    kegiatan = [f"8.01.{p:02d}.2.{k:02d}" for p in range(1, 6) for k in range(1, 9)]
    build.pk(head, [(k, 300) for k in kegiatan])
    for b in range(4):
        kabid = build.position(f"Kepala Bidang {b}", "III.a", superior=head)
        build.pk(kabid, [(f"{k}.{s:02d}", 50) for k in kegiatan for s in (1, 2)])
    rows = AgreementBudget.objects.filter(agreement__agency=build.agency).count()
    read = 0
    parse = code_rules.parse_code

    def counting(text):
        nonlocal read
        read += 1
        return parse(text)

    monkeypatch.setattr(code_rules, "parse_code", counting)
    assert cascade.load_cascade(build.agency, 2024).findings  # 40 lines of 300 against 400
    # Each row's code once for the index, each line's once for the look-up: 360 rows
    # and 40 lines here, where comparing pairs read 2 × 40 × 4 × 80 = 25 600 codes.
    assert read <= rows + len(kegiatan)


def test_the_cascade_is_read_in_a_fixed_number_of_queries(kesbangpol, django_assert_num_queries):
    with CaptureQueriesContext(connection) as before:
        cascade.load_cascade(kesbangpol, 2024)
    _grow(kesbangpol, 20)
    with django_assert_num_queries(len(before.captured_queries)):
        tree = cascade.load_cascade(kesbangpol, 2024)
    assert len(tree.nodes) > 20
