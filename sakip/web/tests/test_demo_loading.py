"""load_demo is all or nothing: a malformed file, a key no loader reads, an impossible
figure stop it with a message and leave nothing of the Pemda behind (a half-loaded
Pemda would be called "already loaded" by the next run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sakip.organisation.models import Pemda
from sakip.web.demo import DEMO_DIR, DemoError, dec, load_demo, read

pytestmark = pytest.mark.django_db


def _copy(tmp_path: Path) -> Path:
    """Banyumas's demo files as a Pemda of their own code, not yet in the database."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO_DIR / "banyumas", root / "ujidemo")
    organisation = root / "ujidemo" / "organisation.yaml"
    organisation.write_text(
        organisation.read_text().replace("  code: banyumas", "  code: ujidemo", 1)
    )
    return root


def test_a_malformed_file_loads_nothing_and_a_rerun_loads_the_fixed_files(tmp_path):
    root = _copy(tmp_path)
    agreements = root / "ujidemo" / "agreements.yaml"
    good = agreements.read_text()
    agreements.write_text(good + "\n  - [tidak: ditutup\n")
    with pytest.raises(DemoError, match=r"agreements\.yaml: YAML tidak dapat dibaca"):
        load_demo(root)
    assert not Pemda.objects.filter(code="ujidemo").exists()  # organisation.yaml rolled back

    agreements.write_text(good)
    assert load_demo(root) == ["ujidemo"]
    assert Pemda.objects.filter(code="ujidemo").exists()


def test_a_key_no_loader_reads_is_named_and_nothing_is_loaded(tmp_path):
    root = _copy(tmp_path)
    organisation = root / "ujidemo" / "organisation.yaml"
    organisation.write_text(
        organisation.read_text().replace("  code: ujidemo", "  code: ujidemo\n  kode_salah: x", 1)
    )
    with pytest.raises(DemoError, match=r"organisation\.yaml\.pemda\.kode_salah"):
        load_demo(root)
    assert not Pemda.objects.filter(code="ujidemo").exists()


def test_the_command_reports_the_problem_in_indonesian(tmp_path, monkeypatch):
    root = _copy(tmp_path)
    (root / "ujidemo" / "planning.yaml").write_text("- bukan mapping\n")
    monkeypatch.setattr("sakip.web.demo.DEMO_DIR", root)
    monkeypatch.setattr(
        "sakip.web.management.commands.load_demo.load_demo",
        lambda reset=False: load_demo(root, reset=reset),
    )
    with pytest.raises(CommandError, match=r"Data demo tidak dimuat.*planning\.yaml"):
        call_command("load_demo", "--quiet-logins")
    assert not Pemda.objects.filter(code="ujidemo").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 41, "terlalu besar"),
        ("123456789012345", "terlalu besar"),
        ("1.1234567", "di belakang koma"),
        ("NaN", "bukan angka"),
    ],
)
def test_an_impossible_figure_is_refused(value, message):
    with pytest.raises(DemoError, match=message):
        dec(value)


def test_a_figure_that_is_not_a_number_is_left_to_the_loader_to_name():
    from decimal import InvalidOperation

    with pytest.raises(InvalidOperation):
        dec("0,5")


def test_figures_the_database_holds_are_read_exactly():
    assert str(dec("99999999999999.999999")) == "99999999999999.999999"
    assert dec("") is None


def test_an_integer_beyond_64_bits_is_refused_when_the_file_is_read(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(f"pagu: {2**63}\n")
    with pytest.raises(DemoError, match=r"x\.yaml\.pagu: angka .* terlalu besar"):
        read(path)
