"""Number conversion and formatting that reproduces .NET's decimal/double behaviour.

LEAN's result strings are compared character for character, so Keel needs .NET semantics:

* a ``System.Decimal`` keeps its *scale* (number of digits after the point): ``1.50m`` prints
  ``1.50`` and ``Math.Round(x, n)`` only ever lowers the scale, never raises it;
* ``(decimal)someDouble`` keeps 15 significant digits and drops trailing zeros;
* ``Math.Round(double, n)`` scales by ``10**n``, rounds half-to-even and scales back, and a
  double prints in its shortest round-trip form (``-31.63``, ``0``, ``1E+15``).

Python's :class:`decimal.Decimal` tracks the scale the same way for ``+ - * /`` (the exponent
of an exact quotient is the "ideal" one, like .NET), so all decimal arithmetic here runs in
:data:`DEC_CONTEXT` (28 significant digits, banker's rounding).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

DEC_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
"""Arithmetic context approximating .NET ``System.Decimal`` (28-29 significant digits)."""

_DEC_DIVIDE = DEC_CONTEXT.divide
DECIMAL_MAX = Decimal(2**96 - 1)
"""``decimal.MaxValue`` (79228162514264337593543950335)."""
_DECIMAL_MAX_FLOAT = float(DECIMAL_MAX)

_HUNDRED = Decimal(100)

Number = Decimal | float | int


def to_decimal(value: Number) -> Decimal:
    """Convert a number to a :class:`Decimal` the way .NET's ``(decimal)`` cast does.

    ``Decimal`` values are returned unchanged (their scale is kept); ``int`` values are exact with
    scale 0; ``float`` values keep 15 significant digits with trailing zeros removed, so
    ``0.1 + 0.2`` becomes ``0.3`` and ``1e5`` becomes ``100000``. NaN and infinities raise
    :class:`ValueError`; magnitudes beyond ``decimal.MaxValue`` are clamped (LEAN's
    ``SafeDecimalCast``); magnitudes below 1e-28 become 0.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("to_decimal() does not accept bool")
    if isinstance(value, int):
        return Decimal(value)
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"cannot convert {x!r} to decimal")
    if x >= _DECIMAL_MAX_FLOAT:
        return DECIMAL_MAX
    if x <= -_DECIMAL_MAX_FLOAT:
        return -DECIMAL_MAX
    if abs(x) < 1e-28:
        return Decimal(0)
    d = Decimal(format(x, ".15g"))
    d = d.normalize(DEC_CONTEXT)
    exponent = d.as_tuple().exponent
    if exponent > 0:  # type: ignore[operator]
        d = _integer_form(d)
    elif exponent < -28:  # type: ignore[operator]
        d = d.quantize(Decimal(1).scaleb(-28), rounding=ROUND_HALF_EVEN)
    return d


def safe_decimal(value: float) -> Decimal:
    """LEAN's ``SafeDecimalCast`` made total: NaN/infinity become 0, the rest :func:`to_decimal`."""
    if math.isnan(value):
        return Decimal(0)
    if math.isinf(value):
        return DECIMAL_MAX if value > 0 else -DECIMAL_MAX
    return to_decimal(value)


def dec_div(a: Decimal, b: Decimal) -> Decimal:
    """Divide two decimals like .NET: 28 significant digits, exact quotients keep the ideal scale.

    The scale of the result is never negative (``10 / 0.5`` is ``20``, not ``2E+1``).
    """
    q = _DEC_DIVIDE(a, b)  # ``a / b`` in DEC_CONTEXT, without entering a local context per call
    if q.as_tuple().exponent > 0:  # type: ignore[operator]
        # a quotient of more than 28 integer digits (a loss of 1e-28) still gets its integer form
        q = _integer_form(q)
    return q


def _integer_form(d: Decimal) -> Decimal:
    """``d`` (a whole number in exponent form, ``1.95E+28``) with scale 0, even past the 28 digits of
    ``DEC_CONTEXT``: .NET's decimal holds 29 (``decimal.MaxValue``)."""
    return d.quantize(Decimal(1), context=Context(prec=max(DEC_CONTEXT.prec, d.adjusted() + 1)))


def round_decimal(value: Number, places: int) -> Decimal:
    """``Math.Round(decimal, places)``: banker's rounding that lowers, never raises, the scale."""
    d = to_decimal(value)
    if not d.is_finite():
        raise ValueError(f"cannot round {d!r}")
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent >= -places:
        if exponent > 0:
            return _integer_form(d)
        return d
    try:
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=DEC_CONTEXT)
    except InvalidOperation:  # more digits than the context holds: already precise enough
        return d


def decimal_to_str(value: Decimal) -> str:
    """Print a decimal the way .NET ``decimal.ToString()`` does: fixed point, scale kept.

    A negative zero (``-0.00``) prints without its sign.
    """
    text = format(value, "f")
    if value.is_zero() and text.startswith("-"):
        text = text[1:]
    return text


def multiply_100(value: Number) -> Decimal:
    """LEAN's ``SafeMultiply100``: ``value * 100m``, clamped to ``decimal.MaxValue``."""
    d = to_decimal(value)
    if d >= DECIMAL_MAX / _HUNDRED:
        return DECIMAL_MAX
    if d <= -DECIMAL_MAX / _HUNDRED:
        return -DECIMAL_MAX
    with localcontext(DEC_CONTEXT):
        return d * _HUNDRED


def format_decimal(value: Number, places: int) -> str:
    """Format like LEAN's ``Math.Round(decimalValue, places).ToStringInvariant()``.

    >>> format_decimal(Decimal("106028.4000"), 2), format_decimal(955700.5, 2), format_decimal(0, 3)
    ('106028.40', '955700.5', '0')
    """
    return decimal_to_str(round_decimal(value, places))


def format_percent(value: Number, places: int) -> str:
    """Format a fraction as LEAN prints percentages: ``Math.Round(value * 100m, places) + "%"``.

    An exact zero prints ``0%`` while a tiny non-zero value prints ``0.000%`` (scale kept).

    >>> format_percent(Decimal("0.044"), 3), format_percent(0, 3), format_percent(Decimal("0.0000001"), 3)
    ('4.400%', '0%', '0.000%')
    """
    return decimal_to_str(round_decimal(multiply_100(value), places)) + "%"


def net_round_double(value: float, places: int) -> float:
    """``Math.Round(double, places)`` of .NET Core: scale by ``10**places``, round half-even, unscale."""
    if math.isnan(value) or math.isinf(value) or abs(value) >= 1e16:
        return value
    power = 10.0**places
    return round(value * power) / power


def double_to_str(value: float) -> str:
    """Print a double in .NET Core's shortest round-trip form (``double.ToString()``).

    Whole numbers have no ``.0``; magnitudes from 1e15 and below 1e-5 use ``E+XX``/``E-XX``;
    ``-0`` prints ``0`` (as LEAN's regression harness normalises it).
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "0"
    digits = Decimal(repr(value))  # repr is the shortest round-trip representation
    sign, coeff, exponent = digits.as_tuple()
    assert isinstance(exponent, int)
    mantissa = "".join(str(c) for c in coeff).rstrip("0") or "0"
    # decimal exponent of the leading digit
    lead = len(coeff) - 1 + exponent
    prefix = "-" if sign else ""
    if lead >= 15 or lead < -5:
        body = mantissa[0] + ("." + mantissa[1:] if len(mantissa) > 1 else "")
        return f"{prefix}{body}E{'+' if lead >= 0 else '-'}{abs(lead):02d}"
    text = format(abs(digits), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return prefix + text


def format_double(value: Number, places: int = 3) -> str:
    """Format like LEAN's ``Math.Round((double)value, places).ToStringInvariant()``.

    >>> format_double(-31.6298), format_double(0.1), format_double(-0.0001), format_double(2.0)
    ('-31.63', '0.1', '0', '2')
    """
    return double_to_str(net_round_double(float(value), places))


def format_money(value: Number, symbol: str = "$") -> str:
    """Format an amount with the ``"0.00"`` custom format (midpoints away from zero) and a symbol.

    >>> format_money(6237), format_money(2.005), format_money(Decimal("8290.4"))
    ('$6237.00', '$2.01', '$8290.40')
    """
    d = to_decimal(value)
    rounded = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=DEC_CONTEXT)
    return symbol + decimal_to_str(rounded)


def round_to_significant_digits(value: Number, digits: int) -> Decimal:
    """LEAN's ``decimal.RoundToSignificantDigits``: ``scale * Math.Round(value / scale, digits)``.

    ``scale`` is the power of ten just above ``|value|``; 0 returns a scale-0 zero.
    """
    d = to_decimal(value)
    if d.is_zero():
        return Decimal(0)
    power = math.floor(math.log10(abs(float(d)))) + 1
    scale = to_decimal(10.0**power)
    with localcontext(DEC_CONTEXT):
        return scale * round_decimal(dec_div(d, scale), digits)


def round_to_multiple(value: Number, quantum: Decimal) -> Decimal:
    """LEAN's ``DiscretelyRoundBy``: ``quantum * round(value / quantum)`` (midpoints away from zero).

    The result carries the quantum's scale (``quantum=Decimal("1000.00")`` gives ``14000.00``).
    """
    d = to_decimal(value)
    with localcontext(DEC_CONTEXT):
        multiplicand = dec_div(d, quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return quantum * multiplicand


def format_capacity(value: Number | None, symbol: str = "$") -> str:
    """Format Estimated Strategy Capacity like LEAN.

    The capacity is rounded to a multiple of 1000 (with scale 2, as LEAN's ``1000.00m`` quantum),
    then to 2 significant digits; no capacity (``None`` or below 500) prints ``$0``.

    >>> format_capacity(13987.5), format_capacity(2_634_000_000), format_capacity(None)
    ('$14000.00', '$2600000000.00', '$0')
    """
    if value is None:
        return symbol + "0"
    rounded = round_to_multiple(value, Decimal("1000.00"))
    return symbol + decimal_to_str(round_to_significant_digits(rounded, 2))
