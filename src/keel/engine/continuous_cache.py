"""A continuous future's prices at a rollover (LEAN: the continuous contract is updated with the
new contract's data as soon as that contract has any).

When the mapping of a continuous future changes and the newly mapped contract already has data
(seeded from history, or a chain member that was streaming), the continuous security takes that
contract's latest data (replacing its cache), re-stamped to the canonical symbol; until the new contract has data the
continuous security keeps the previous contract's prices.
"""

from __future__ import annotations

import copy
from typing import Any

from keel.model.bars import BaseData, OpenInterest, QuoteBar, TradeBar


def adopt_mapped_prices(continuous: Any, mapped: Any, price_scale: float = 1.0, price_offset: float = 0.0) -> bool:
    """Copy ``mapped``'s cached trade bar, quote bar and open interest into ``continuous``.

    Returns False (and changes nothing) when the mapped contract has no data yet or when the
    continuous prices are adjusted (a scale or offset other than identity), True otherwise.
    """
    if price_scale != 1.0 or price_offset != 0.0:
        return False
    cache = mapped.cache
    if not cache.has_data:
        return False
    points: list[BaseData] = []
    for data_type in (OpenInterest, TradeBar, QuoteBar):
        data = cache.get_data(data_type)
        if data is not None:
            clone = copy.copy(data)
            clone.symbol = continuous.symbol
            points.append(clone)
    if not points:
        return False
    points.sort(key=lambda d: d.end_time)
    continuous.cache.reset()
    for point in points:
        continuous.set_market_price(point)
    return True


__all__ = ["adopt_mapped_prices"]
