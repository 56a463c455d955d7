"""Sample estimators with MathNet.Numerics semantics (n-1 normalisation, NaN when undefined).

LEAN computes its ratios with MathNet's ``Statistics`` extension methods; these are the same
formulas in plain float arithmetic (scipy is not required):

* variance / covariance: sample (``n-1``) estimators, NaN for fewer than 2 values;
* skewness: bias-corrected ``G1 = g1 * sqrt(n(n-1)) / (n-2)`` (Excel ``SKEW``), NaN for n < 3;
* kurtosis: bias-corrected *excess* ``G2 = ((n+1) g2 + 6)(n-1) / ((n-2)(n-3))`` (Excel ``KURT``),
  NaN for n < 4;

where ``g1 = m3 / m2**1.5`` and ``g2 = m4 / m2**2 - 3`` use population central moments. A
constant series (``m2 == 0``) gives NaN skewness and kurtosis, like MathNet's ``0/0``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

NAN = float("nan")


def mean(xs: Sequence[float]) -> float:
    """Arithmetic mean; NaN for an empty sequence."""
    return math.fsum(xs) / len(xs) if xs else NAN


def variance(xs: Sequence[float]) -> float:
    """Sample variance (n-1); NaN for fewer than 2 values."""
    n = len(xs)
    if n < 2:
        return NAN
    m = mean(xs)
    return math.fsum((x - m) ** 2 for x in xs) / (n - 1)


def std(xs: Sequence[float]) -> float:
    """Sample standard deviation (n-1); NaN for fewer than 2 values."""
    v = variance(xs)
    return math.sqrt(v) if not math.isnan(v) else NAN


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance (n-1) of two equally long sequences; NaN for fewer than 2 pairs."""
    if len(xs) != len(ys):
        raise ValueError(f"covariance needs equal lengths, got {len(xs)} and {len(ys)}")
    n = len(xs)
    if n < 2:
        return NAN
    mx, my = mean(xs), mean(ys)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / (n - 1)


def _central_moments(xs: Sequence[float]) -> tuple[float, float, float]:
    n = len(xs)
    m = mean(xs)
    devs = [x - m for x in xs]
    m2 = math.fsum(d * d for d in devs) / n
    m3 = math.fsum(d**3 for d in devs) / n
    m4 = math.fsum(d**4 for d in devs) / n
    return m2, m3, m4


def skewness(xs: Sequence[float]) -> float:
    """Bias-corrected sample skewness (MathNet ``Skewness``); NaN for n < 3 or a constant series."""
    n = len(xs)
    if n < 3:
        return NAN
    m2, m3, _ = _central_moments(xs)
    denominator = m2**1.5
    if denominator == 0:  # constant series (or underflow): MathNet's 0/0
        return NAN
    g1 = m3 / denominator
    return g1 * math.sqrt(n * (n - 1)) / (n - 2)


def kurtosis(xs: Sequence[float]) -> float:
    """Bias-corrected excess kurtosis (MathNet ``Kurtosis``); NaN for n < 4 or a constant series."""
    n = len(xs)
    if n < 4:
        return NAN
    m2, _, m4 = _central_moments(xs)
    denominator = m2 * m2
    if denominator == 0:  # constant series (or underflow): MathNet's 0/0
        return NAN
    g2 = m4 / denominator - 3.0
    return ((n + 1) * g2 + 6.0) * (n - 1) / ((n - 2) * (n - 3))


def normal_cdf(x: float) -> float:
    """Standard normal CDF, ``0.5 * erfc(-x / sqrt(2))`` as MathNet evaluates it (accurate tails)."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))
