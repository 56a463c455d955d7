"""Split/dividend normalization of equity data rows (LEAN's ``BaseData.Normalize``).

The factor is the one of each bar's own (exchange-local) start date, as LEAN takes it from the
tradable date whose file the bar comes from. Prices are multiplied by the factor and volumes
and quote sizes divided by it (rounded, as LEAN's ``Math.Round``), so price x volume keeps
its raw dollar value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from keel.data.lean.factor_files import CorporateFactorFile
from keel.model.enums import DataNormalizationMode, Resolution, TickType


def _scale_trade(row: tuple[float, ...], f: float) -> tuple[float, ...]:
    o, h, low, c, v = row
    return (o * f, h * f, low * f, c * f, float(round(v / f)))


def _scale_quote(row: tuple[float, ...], f: float) -> tuple[float, ...]:
    bo, bh, bl, bc, bsz, ao, ah, al, ac, asz = row
    return (
        bo * f,
        bh * f,
        bl * f,
        bc * f,
        _size(bsz, f),
        ao * f,
        ah * f,
        al * f,
        ac * f,
        _size(asz, f),
    )


def _scale_tick(row: tuple[float, ...], f: float, tick_type: TickType) -> tuple[float, ...]:
    if tick_type == TickType.TRADE:
        return (row[0] * f, _size(row[1], f))
    if tick_type == TickType.QUOTE:
        bp, bs, ap, asz = row[:4]
        return (bp * f, _size(bs, f), ap * f, _size(asz, f))
    return row


def _size(value: float, f: float) -> float:
    return value if value != value else float(round(value / f))  # NaN stays NaN


def normalize_rows(
    rows: Sequence[tuple[float, ...]],
    local_starts: Sequence[datetime],
    tick_type: TickType,
    resolution: Resolution,
    factors: CorporateFactorFile,
    mode: DataNormalizationMode,
) -> list[tuple[float, ...]]:
    """``rows`` in ``mode`` prices, each with the factor of its start date (Raw: unchanged)."""
    if DataNormalizationMode(mode) == DataNormalizationMode.RAW or not len(factors) or not rows:
        return list(rows)
    if tick_type == TickType.OPEN_INTEREST:
        return list(rows)
    out: list[tuple[float, ...]] = []
    last_day = None
    factor = 1.0
    for row, start in zip(rows, local_starts, strict=True):
        day = start.date()
        if day != last_day:
            last_day = day
            factor = factors.price_factor(day, mode)
        if factor == 1.0:
            out.append(row)
        elif resolution == Resolution.TICK:
            out.append(_scale_tick(row, factor, tick_type))
        elif tick_type == TickType.TRADE:
            out.append(_scale_trade(row, factor))
        else:
            out.append(_scale_quote(row, factor))
    return out


__all__ = ["normalize_rows"]
