"""The rules stay pure: no Django, no floats, every rule module cites its source."""

import ast
import pathlib

RULES_DIR = pathlib.Path(__file__).resolve().parent.parent
MODULES = sorted(p for p in RULES_DIR.glob("*.py"))


def imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_rules_imports_django_or_anything_outside_the_standard_library():
    allowed_roots = {
        "__future__", "ast", "calendar", "collections", "dataclasses", "datetime", "decimal",
        "difflib", "enum", "functools",
        "itertools", "re", "typing", "sakip",
    }  # fmt: skip
    for path in MODULES + sorted(RULES_DIR.glob("tests/*.py")):
        for name in imported_modules(path):
            root = name.split(".")[0]
            if path.parent.name == "tests":
                assert root != "django", f"{path.name} imports {name}"
                continue
            assert root in allowed_roots, f"{path.name} imports {name}"


def test_no_module_of_the_rules_uses_float_or_statistics():
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "float", f"{path.name} calls float()"
            if isinstance(node, ast.Constant):
                assert not isinstance(node.value, float), f"{path.name} has a float literal"


def test_every_rule_module_cites_a_regulation_or_source():
    citations = ("Permendagri", "PermenPANRB", "Perka BKN", "PUEBI", "DOMAIN", "regulations.md")
    for path in MODULES:
        if path.name in ("__init__.py", "decimals.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert any(c in text for c in citations), f"{path.name} cites no source"
