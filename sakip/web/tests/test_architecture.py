"""The layering of docs/architecture.md, checked on the source: rules are pure, documents
and renderers never query, and the modules that query the database are the known
loaders, actions, views and admin (a new one must be added here on purpose)."""

from __future__ import annotations

import ast
from pathlib import Path

SAKIP = Path(__file__).resolve().parents[2]


def _sources() -> list[Path]:
    return sorted(
        p for p in SAKIP.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    )


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported outside ``if TYPE_CHECKING:`` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(n) for child in node.body for n in ast.walk(child))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _queries(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.Attribute) and n.attr == "objects" for n in ast.walk(tree))


#: Modules that read or write through the ORM: loaders, actions, views, admin, forms,
#: the access gate, models, the demo loader, management commands and the bench.
QUERYING = {
    "accounts/access.py",
    "accounts/second_factor.py",  # the user's TOTP and recovery devices
    "accounts/throttle.py",  # per-account failed-login counts
    "accounts/views.py",
    "agreements/actions.py",
    "agreements/cascade.py",  # loads an agency's PK tree for its checks
    "agreements/loaders.py",  # a PK with its rows; who signs the Rencana Aksi
    "agreements/views.py",
    "api/access.py",  # the API's scoped objects, through the access gate
    "api/auth.py",  # token lookup
    "api/endpoints.py",
    "bench.py",
    "conftest.py",
    "dashboard/figures.py",  # loads the Pemda's standing through the report loaders
    "dashboard/views.py",
    "notifications/build.py",  # what is due to whom, for the scheduled command
    "notifications/views.py",
    "evaluation/access.py",
    "evaluation/actions.py",
    "evaluation/demo.py",
    "evaluation/shipped.py",  # the shipped LKE template, written by a data migration
    "evaluation/views.py",
    "evaluation/worksheet.py",  # loads an evaluation's worksheet
    "measurement/actions.py",
    "measurement/evidence.py",
    "measurement/plan.py",  # loads the Rencana Aksi editor
    "measurement/sheet.py",  # load_sheet: the realisasi sheet of an agency-quarter
    "measurement/templatetags/measurement_tags.py",
    "measurement/views.py",
    "organisation/actions.py",
    "organisation/forms.py",
    "organisation/scales.py",  # loads rating scales with their bands
    "testing.py",  # the test database snapshot, for the test run only
    "organisation/views.py",
    "planning/actions.py",
    "planning/loaders.py",
    "planning/models.py",
    "planning/views.py",
    "portal/achievement.py",  # loads approved quarters' achievement
    "portal/actions.py",
    "portal/registry.py",  # loads what may be published
    "portal/views.py",
    "reports/evaluasi_renja/loading.py",  # load / load_many
    "reports/iku/loading.py",  # load
    "reports/lkjip/actions.py",
    "reports/lkjip/lampiran.py",  # the documents attached to the LKjIP's PDF
    "reports/lkjip/compute.py",  # loads the organisation part of Bab I (the figures come
    # through the report loaders); the next step is a loader of its own
    "reports/lkjip/narrative.py",  # loads the saved sections
    "reports/lkjip/tasks.py",  # renders and keeps the published PDF (worker)
    "web/backups.py",  # the backup and restore commands read and write every table
    "downloads/builders.py",  # rebuilds a report from its stored parameters (worker)
    "downloads/prepare.py",  # finds or queues the prepared download of a big PDF
    "downloads/tasks.py",  # the worker's task: claims, renders and keeps the file
    "downloads/testing.py",  # tests: runs a prepared download's task in the test
    "downloads/views.py",
    "nomenclature/reading.py",  # imports an edition, checks codes against it
    "nomenclature/views.py",
    "setup/actions.py",
    "setup/approval.py",
    "setup/forms.py",
    "setup/iku.py",  # django-import-export resource: matches rows to indicators
    "setup/lists.py",  # the querysets of the set-up list pages
    "setup/plan_views.py",
    "setup/plans.py",  # reads and writes an RPJMD/Renstra tree in one transaction
    "setup/renja.py",  # reads and writes a Renja of a year through planning.actions
    "setup/renja_rows.py",  # one Renja row on screen: its rows, what uses them, the write
    "setup/realisasi.py",  # a quarter's realisasi through measurement.actions
    "setup/resources.py",  # django-import-export resources of the Pemda's lists
    "setup/views.py",
    "web/demo.py",
    "web/home.py",  # loads each role's work
    "web/views.py",
}


def _is_document(path: Path) -> bool:
    return path.name in {"documents.py", "document.py", "renderers.py"}


def test_documents_and_renderers_import_no_models_and_never_query():
    for path in _sources():
        if not _is_document(path):
            continue
        models = {m for m in _runtime_imports(path) if m.endswith(".models") or "django.db" in m}
        assert not models, f"{path.relative_to(SAKIP)} imports {sorted(models)} at run time"
        assert not _queries(path), f"{path.relative_to(SAKIP)} queries the database"


def test_the_rules_import_nothing_from_django():
    for path in (SAKIP / "rules").glob("*.py"):
        assert not any(m.split(".")[0] == "django" for m in _runtime_imports(path)), path.name


def test_only_loaders_actions_views_and_admin_query_the_database():
    querying = set()
    for path in _sources():
        relative = path.relative_to(SAKIP).as_posix()
        if path.name in {"admin.py", "models.py"} or "management" in path.parts:
            continue
        if _queries(path):
            querying.add(relative)
    unexpected = querying - QUERYING
    assert not unexpected, (
        f"{sorted(unexpected)} query the database: move the queries into a loader or an "
        "action, or add the module to QUERYING with the reason"
    )
