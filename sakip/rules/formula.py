"""A safe evaluator for indicator formulas over ``Decimal``: DOMAIN §3 ("optional
formula from input variables (e.g. resolved conflicts ÷ conflicts × 100; a sample
standard deviation, seed 000)"); ENGINEERING.md: "a small
AST allow-list evaluator … generic sandboxes have a history of escapes").

Allowed: decimal literals written with ``.`` (``1.5``), variable names, unary ``-``/``+``,
``+ - * /`` (``×`` and ``÷`` are accepted and read as ``*`` and ``/``), parentheses, and
the functions ``sum, mean, min, max, abs, stdev``. ``sum``, ``mean``, ``min``, ``max``
and ``stdev`` take several arguments, a sequence variable, or both. ``stdev`` is the
sample standard deviation (n − 1), as seed 000's "standar deviasi potensi konflik":
√(Σ(x − x̄)² ÷ (n − 1)).

Anything else raises :class:`FormulaError` with an Indonesian message, and so does
any failure for any input text: ``evaluate`` never raises anything else for a ``str``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Context, Decimal, DecimalException, localcontext

from sakip.rules.formatting import format_decimal_trimmed

MAX_LENGTH = 500
MAX_DEPTH = 50
MAX_LITERAL_DIGITS = 30
#: Largest magnitude of any intermediate result; beyond it a formula is surely wrong.
MAX_MAGNITUDE_EXPONENT = 100

_ALLOWED_CHARS = re.compile(r"^[A-Za-z0-9_ .,+\-*/()]*$")
_LITERAL_RE = re.compile(r"^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
# A number written straight against a letter ("2x", "1e5", "1if"): not allowed, and
# Python 3.11 would warn about some of these while parsing.
_NUMBER_THEN_LETTER = re.compile(r"(?<![A-Za-z0-9_])[0-9][0-9.]*[A-Za-z_]")
_FUNCTIONS = frozenset({"sum", "mean", "min", "max", "abs", "stdev"})

Value = Decimal | tuple[Decimal, ...]
Variables = Mapping[str, Decimal | Sequence[Decimal]]


class FormulaError(ValueError):
    """A formula that cannot be read or computed; the message is Indonesian."""


def _context() -> Context:
    return Context(prec=50, Emax=999_999, Emin=-999_999)


def _normalise(expression: str) -> str:
    if not isinstance(expression, str):
        raise FormulaError("Rumus harus berupa teks.")
    text = (
        expression.replace("×", "*")
        .replace("÷", "/")
        .replace("−", "-")
        .replace("\u00a0", " ")
        .replace("\t", " ")
        .replace("\r", " ")
        .replace("\n", " ")
    )
    if not text.strip():
        raise FormulaError("Rumus masih kosong.")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"Rumus terlalu panjang (lebih dari {MAX_LENGTH} karakter).")
    if not _ALLOWED_CHARS.match(text):
        bad = next(c for c in text if not _ALLOWED_CHARS.match(c))
        raise FormulaError(
            f"Rumus mengandung karakter yang tidak diizinkan: “{bad}”. Gunakan angka, nama "
            "variabel, + - × ÷, kurung, dan fungsi sum, mean, min, max, abs, stdev."
        )
    depth = deepest = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise FormulaError(f"Rumus terlalu bertingkat (lebih dari {MAX_DEPTH} tingkat kurung).")
    glued = _NUMBER_THEN_LETTER.search(text)
    if glued:
        raise FormulaError(
            f"“{glued.group(0)}”: angka tidak boleh langsung diikuti huruf; untuk perkalian "
            "tulis tanda × atau *, dan angka ditulis tanpa notasi e."
        )
    return text.strip()


def _parse(expression: str) -> tuple[str, ast.expr]:
    text = _normalise(expression)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError("Penulisan rumus tidak sah (periksa kurung dan operator).") from exc
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise FormulaError("Rumus tidak dapat dibaca.") from exc
    _check(tree.body, text, 0)
    return text, tree.body


def _check(node: ast.AST, text: str, depth: int) -> None:
    """Walk the allow-list; raise FormulaError on anything else or on deep nesting."""
    if depth > MAX_DEPTH:
        raise FormulaError(f"Rumus terlalu bertingkat (lebih dari {MAX_DEPTH} tingkat).")
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise FormulaError(
                "Operator tidak diizinkan; gunakan hanya + - × ÷ (pangkat ** dan // tidak boleh)."
            )
        # A flat chain "a + b + c + …" nests on the left; it does not count as depth.
        _check(node.left, text, depth if isinstance(node.left, ast.BinOp) else depth + 1)
        _check(node.right, text, depth + 1)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise FormulaError("Operator tidak diizinkan; gunakan hanya + - × ÷.")
        _check(node.operand, text, depth + 1)
    elif isinstance(node, ast.Constant):
        _literal(node, text)
    elif isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):  # pragma: no cover - eval mode only loads
            raise FormulaError("Rumus tidak boleh mengubah variabel.")
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise FormulaError(
                "Fungsi tidak dikenal; yang boleh hanya sum, mean, min, max, abs, stdev."
            )
        if node.keywords:
            raise FormulaError("Fungsi dalam rumus tidak menerima argumen bernama.")
        if not node.args:
            raise FormulaError(f"Fungsi {node.func.id} memerlukan sedikitnya satu argumen.")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise FormulaError("Bagian rumus tidak diizinkan: tanda * di depan argumen.")
            _check(arg, text, depth + 1)
    else:
        raise FormulaError(f"Bagian rumus tidak diizinkan ({_describe(node)}).")


def _describe(node: ast.AST) -> str:
    names = {
        "Attribute": "atribut dengan titik",
        "Subscript": "indeks [ ]",
        "Tuple": "daftar nilai dengan koma di luar fungsi",
        "Compare": "perbandingan",
        "BoolOp": "operasi logika",
        "Lambda": "lambda",
        "IfExp": "if",
    }
    return names.get(type(node).__name__, type(node).__name__)


def _literal(node: ast.Constant, text: str) -> Decimal:
    segment = text[node.col_offset : node.end_col_offset] if node.end_col_offset else ""
    if not isinstance(node.value, int | float) or isinstance(node.value, bool):
        raise FormulaError("Rumus hanya boleh berisi angka desimal dan nama variabel.")
    if not _LITERAL_RE.match(segment):
        raise FormulaError(
            f"Angka “{segment[:20]}” tidak sah; tulis angka desimal dengan titik, misalnya 1.5."
        )
    if sum(c.isdigit() for c in segment) > MAX_LITERAL_DIGITS:
        raise FormulaError(
            f"Angka dalam rumus terlalu panjang (lebih dari {MAX_LITERAL_DIGITS} digit)."
        )
    return Decimal(segment)


def _function_names(tree: ast.AST) -> set[int]:
    return {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def validate(expression: str) -> None:
    """Raise FormulaError when ``expression`` is not an allowed formula."""
    _parse(expression)


def variables_of(expression: str) -> frozenset[str]:
    """The variable names ``expression`` uses (function names excluded)."""
    _, tree = _parse(expression)
    functions = _function_names(tree)
    return frozenset(
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and id(node) not in functions
    )


def _checked(value: Decimal) -> Decimal:
    if not value.is_finite() or (value != 0 and value.adjusted() > MAX_MAGNITUDE_EXPONENT):
        raise FormulaError("Hasil perhitungan rumus terlalu besar.")
    return value


def _scalar(value: Value, where: str) -> Decimal:
    if isinstance(value, tuple):
        raise FormulaError(
            f"{where} berisi deret nilai; gunakan fungsi sum, mean, min, max atau stdev."
        )
    return value


def _flatten(args: list[Value]) -> list[Decimal]:
    out: list[Decimal] = []
    for arg in args:
        if isinstance(arg, tuple):
            out.extend(arg)
        else:
            out.append(arg)
    return out


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _stdev(values: list[Decimal]) -> Decimal:
    # Sample standard deviation (seed 000: "jumlah dari angka potensi konflik tahun n
    # dikurangi rata-rata … dipangkat 2 dibagi n-1"), square root taken exactly in a
    # high-precision context.
    if len(values) < 2:
        raise FormulaError("Fungsi stdev (simpangan baku sampel) memerlukan sedikitnya 2 nilai.")
    average = _mean(values)
    squares = sum(((v - average) * (v - average) for v in values), Decimal(0))
    variance = squares / (len(values) - 1)
    with localcontext(Context(prec=80)):
        root = variance.sqrt()
    return +root  # back to the evaluation context's precision


_REDUCERS: dict[str, Callable[[list[Decimal]], Decimal]] = {
    "sum": lambda v: sum(v, Decimal(0)),
    "mean": _mean,
    "min": min,
    "max": max,
    "stdev": _stdev,
}


class _Evaluator:
    def __init__(self, text: str, variables: Mapping[str, Value]) -> None:
        self.text = text
        self.variables = variables

    def eval(self, node: ast.AST) -> Value:
        if isinstance(node, ast.Constant):
            return _literal(node, self.text)
        if isinstance(node, ast.Name):
            if node.id not in self.variables:
                raise FormulaError(f"Variabel “{node.id}” tidak dikenal atau belum diisi.")
            return self.variables[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = _scalar(self.eval(node.operand), "Operand")
            return _checked(-operand if isinstance(node.op, ast.USub) else +operand)
        if isinstance(node, ast.BinOp):
            left = _scalar(self.eval(node.left), "Ruas kiri operasi")
            right = _scalar(self.eval(node.right), "Ruas kanan operasi")
            if isinstance(node.op, ast.Add):
                return _checked(left + right)
            if isinstance(node.op, ast.Sub):
                return _checked(left - right)
            if isinstance(node.op, ast.Mult):
                return _checked(left * right)
            if right == 0:
                raise FormulaError("Pembagian dengan nol: penyebut dalam rumus bernilai 0.")
            return _checked(left / right)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            args = [self.eval(arg) for arg in node.args]
            if name == "abs":
                if len(args) != 1:
                    raise FormulaError("Fungsi abs menerima tepat satu nilai.")
                return abs(_scalar(args[0], "Argumen abs"))
            values = _flatten(args)
            if not values:
                if name == "sum":
                    return Decimal(0)
                raise FormulaError(f"Fungsi {name} tidak dapat dihitung dari deret kosong.")
            return _checked(_REDUCERS[name](values))
        raise FormulaError("Bagian rumus tidak diizinkan.")  # pragma: no cover - _check


def _prepare(variables: Variables) -> dict[str, Value]:
    prepared: dict[str, Value] = {}
    for name, value in variables.items():
        if isinstance(value, Decimal):
            prepared[name] = _finite(value, name)
        elif isinstance(value, bool | float):
            raise TypeError(f"variabel {name}: gunakan Decimal, bukan {type(value).__name__}")
        elif isinstance(value, int):
            prepared[name] = Decimal(value)
        elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
            items: list[Decimal] = []
            for item in value:
                if isinstance(item, bool | float):
                    raise TypeError(
                        f"variabel {name}: gunakan Decimal, bukan {type(item).__name__}"
                    )
                if isinstance(item, int):
                    items.append(Decimal(item))
                elif isinstance(item, Decimal):
                    items.append(_finite(item, name))
                else:
                    raise TypeError(f"variabel {name}: isi deret harus Decimal")
            prepared[name] = tuple(items)
        else:
            raise TypeError(f"variabel {name}: harus Decimal atau deret Decimal")
    return prepared


def _finite(value: Decimal, name: str) -> Decimal:
    if not value.is_finite():
        raise FormulaError(f"Nilai variabel “{name}” bukan angka yang sah.")
    return value


def evaluate(expression: str, variables: Variables) -> Decimal:
    """The value of ``expression`` with ``variables`` (unrounded ``Decimal``).

    Raises FormulaError (Indonesian message) for any expression it cannot read or
    compute: syntax, disallowed constructs, unknown variables, division by zero, a
    sequence where a number is needed. A float among ``variables`` is a programming
    error (TypeError).
    """
    prepared = _prepare(variables)
    text, tree = _parse(expression)
    try:
        with localcontext(_context()):
            result = _Evaluator(text, prepared).eval(tree)
            return _scalar(result, "Hasil rumus")
    except FormulaError:
        raise
    except (DecimalException, ArithmeticError, RecursionError, MemoryError, ValueError) as exc:
        raise FormulaError("Rumus tidak dapat dihitung dengan nilai yang ada.") from exc


def display(expression: str) -> str:
    """``resolved / total * 100`` as a person reads it: ``resolved ÷ total × 100``."""
    text = " ".join(expression.replace("*", " × ").replace("/", " ÷ ").replace("-", " − ").split())
    return text.replace("( ", "(").replace(" )", ")")


def _shown(value: Decimal | Sequence[Decimal]) -> str:
    if isinstance(value, Decimal):
        return format_decimal_trimmed(value)
    return "[" + "; ".join(format_decimal_trimmed(v) for v in value) + "]"


def describe(expression: str, variables: Variables, result: Decimal) -> str:
    """The computation shown beside a figure computed from its inputs, with Indonesian
    numbers: ``Rumus: resolved ÷ total × 100 = 80 (resolved = 12; total = 15)``; a
    sequence reads ``potentials = [3; 5; 7]``."""
    inputs = "; ".join(f"{name} = {_shown(variables[name])}" for name in sorted(variables))
    shown = f"Rumus: {display(expression)} = {format_decimal_trimmed(result)}"
    return f"{shown} ({inputs})" if inputs else shown
