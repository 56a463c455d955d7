"""Vectorised numpy reference of the two benchmark strategies (orders, fills, P&L in points).

Independent of any engine: signals from exact rolling sums of the close, fills at the close of
the signal bar, the open position marked at the last close.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-9
FAST, SLOW = 10, 30


def _sma(close: np.ndarray, period: int) -> np.ndarray:
    sums = np.concatenate([[0.0], np.cumsum(close)])
    out = np.full(close.shape[0], np.nan)
    if close.shape[0] >= period:
        out[period - 1 :] = (sums[period:] - sums[:-period]) / period
    return out


def cross_orders(close: np.ndarray) -> np.ndarray:
    """Signed order quantity per bar for the SMA(10/30) crossover (0 where no order)."""
    close = np.asarray(close, dtype=np.float64)
    diff = _sma(close, FAST) - _sma(close, SLOW)
    sign = np.where(diff > EPS, 1, np.where(diff < -EPS, -1, 0))
    sign[np.isnan(diff)] = 0
    idx = np.where(sign != 0, np.arange(sign.shape[0]), -1)
    np.maximum.accumulate(idx, out=idx)
    last = np.where(idx >= 0, sign[np.maximum(idx, 0)], 0)  # last non-zero sign up to and including i
    prev = np.concatenate([[0], last[:-1]])
    trade = (sign != 0) & (prev != 0) & (sign != prev)
    target = np.where(trade, sign, 0)
    quantities = np.zeros(sign.shape[0], dtype=np.int64)
    bars = np.flatnonzero(trade)
    if bars.size:
        targets = target[bars]
        previous = np.concatenate([[0], targets[:-1]])
        quantities[bars] = targets - previous
    return quantities


def heavy_orders(n: int) -> np.ndarray:
    """+1, -1, +1, ... one order per bar."""
    return np.where(np.arange(n) % 2 == 0, 1, -1).astype(np.int64)


def summarize(quantities: np.ndarray, close: np.ndarray) -> dict[str, float]:
    """Orders, fills (every order fills at its bar's close), final position and P&L in points."""
    close = np.asarray(close, dtype=np.float64)
    mask = quantities != 0
    q = quantities[mask].astype(np.float64)
    position = float(q.sum())
    pnl = float(-(q * close[mask]).sum() + position * close[-1]) if close.size else 0.0
    return {
        "orders": int(mask.sum()),
        "fills": int(mask.sum()),
        "final_pos": position,
        "pnl_pts": round(pnl, 6),
    }


def reference(variant: str, close: np.ndarray) -> dict[str, float]:
    """The expected result of ``variant`` (``cross`` or ``heavy``) on ``close``."""
    if variant == "cross":
        return summarize(cross_orders(close), close)
    if variant == "heavy":
        return summarize(heavy_orders(len(close)), close)
    raise ValueError(f"unknown variant {variant!r}; expected 'cross' or 'heavy'")
