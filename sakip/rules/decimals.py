"""Exact decimal helpers shared by the rules: type guards and display quantisation.

Figures are ``Decimal`` and Rupiah are ``int`` everywhere (DOMAIN §4: "all arithmetic
is exact decimal (never float)"); a float passed in is a programming error and raises
``TypeError``.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal

#: Precision of intermediate results (divisions, square roots). Nothing is rounded for
#: display inside a computation; this only bounds the digits of a non-terminating quotient.
COMPUTE_PRECISION = 50

HUNDRED = Decimal(100)


_COMPUTE_CONTEXT = Context(prec=COMPUTE_PRECISION)


def compute_context() -> Context:
    """The arithmetic context of the rules' computations: use it through
    ``localcontext()`` (which works on a copy) or its methods (``ctx.divide(a, b)`` is
    ``a / b`` computed in it, without switching the thread's context).

    One shared instance whose settings are never changed (operations may raise its
    sticky flags, which trap nothing): building a Context, or entering
    ``localcontext``, for every division costs more than the division."""
    return _COMPUTE_CONTEXT


def as_decimal(value: object, name: str = "nilai") -> Decimal:
    """``value`` as a finite Decimal; ``int`` is accepted, ``float`` and ``bool`` are not."""
    if type(value) is Decimal and value.is_finite():  # the common case, checked first
        return value
    if isinstance(value, bool):
        raise TypeError(f"{name}: nilai boolean bukan angka")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{name}: angka tidak terhingga atau bukan angka ({value})")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError(f"{name}: gunakan Decimal, bukan float ({value!r})")
    raise TypeError(f"{name}: harus Decimal, bukan {type(value).__name__}")


def as_optional_decimal(value: object, name: str = "nilai") -> Decimal | None:
    if value is None:
        return None
    if type(value) is Decimal and value.is_finite():  # the common case, without a call
        return value
    return as_decimal(value, name)


def as_rupiah(value: object, name: str = "rupiah") -> int:
    """Rupiah are whole ``int``; anything else is a programming error."""
    if type(value) is int:  # the common case (a bool's type is bool)
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: rupiah harus bilangan bulat (int), bukan {type(value).__name__}")
    return value


def as_optional_rupiah(value: object, name: str = "rupiah") -> int | None:
    if value is None or type(value) is int:  # the common cases, without a call
        return value
    return as_rupiah(value, name)


def quantize(value: Decimal, decimals: int, truncate: bool = False) -> Decimal:
    """``value`` to ``decimals`` places, half-up or truncated toward zero.

    Uses a context wide enough for the value, so large figures never raise
    ``InvalidOperation`` the way ``quantize`` does in the default 28-digit context.
    """
    value = as_decimal(value)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError("jumlah desimal harus bilangan bulat ≥ 0")
    exponent = _EXPONENTS.get(decimals)
    if exponent is None:
        exponent = Decimal(1).scaleb(-decimals)
        if decimals <= _CACHED_UP_TO:
            _EXPONENTS[decimals] = exponent
    digits = max(max(value.adjusted(), 0) + decimals + 2, 28)
    context = _CONTEXTS.get(digits)
    if context is None:
        context = Context(prec=digits)
        if digits <= _CACHED_UP_TO:
            _CONTEXTS[digits] = context
    rounding = ROUND_DOWN if truncate else ROUND_HALF_UP
    return value.quantize(exponent, rounding=rounding, context=context)


# quantize() runs for every figure of every document: its exponents and contexts are
# made once (a Context costs more than the quantize). Shared contexts are never changed;
# passing one to Decimal.quantize is what localcontext() would do with a copy of it.
_CACHED_UP_TO = 64
_EXPONENTS: dict[int, Decimal] = {}
_CONTEXTS: dict[int, Context] = {}


def decimal_places(value: Decimal | int) -> int:
    """How many decimals a figure is written with: ``63.2`` → 1, ``100`` → 0."""
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
