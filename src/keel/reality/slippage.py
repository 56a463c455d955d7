"""Slippage models: the price distance a fill moves against the order (LEAN's ``ISlippageModel``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from keel.model.bars import QuoteBar, TradeBar
from keel.model.orders import Order
from keel.reality.dualcase import DualCase

if TYPE_CHECKING:
    from keel.securities.security import Security


class SlippageModel(DualCase):
    """Base slippage model: none. Override ``get_slippage_approximation``."""

    _dual_names = (("get_slippage_approximation", "GetSlippageApproximation"),)

    def get_slippage_approximation(self, asset: Security, order: Order) -> float:
        """Unsigned price slippage; fill models add it for buys and subtract it for sells."""
        return 0.0

    GetSlippageApproximation = get_slippage_approximation


class NullSlippageModel(SlippageModel):
    """Zero slippage (the default for every security)."""


NullSlippageModel.INSTANCE = NullSlippageModel()  # type: ignore[attr-defined]
NullSlippageModel.Instance = NullSlippageModel.INSTANCE  # type: ignore[attr-defined]


class ConstantSlippageModel(SlippageModel):
    """A fixed fraction of the latest price (``percent`` = 0.001 means 0.1%)."""

    def __init__(self, percent: float) -> None:
        self.percent = float(percent)

    def get_slippage_approximation(self, asset: Security, order: Order) -> float:
        """``percent x last data value``."""
        last = asset.get_last_data()
        return 0.0 if last is None else self.percent * last.value


class VolumeShareSlippageModel(SlippageModel):
    """Slippage grows with the square of the order's share of the bar volume (capped at ``volume_limit``)."""

    def __init__(self, volume_limit: float = 0.025, price_impact: float = 0.1) -> None:
        self.volume_limit = float(volume_limit)
        self.price_impact = float(price_impact)

    def get_slippage_approximation(self, asset: Security, order: Order) -> float:
        """``min(|q| / volume, limit)^2 x impact x price``; no volume means the capped share."""
        last = asset.get_last_data()
        if last is None:
            return 0.0
        if isinstance(last, TradeBar):
            volume = last.volume
        elif isinstance(last, QuoteBar):
            volume = (last.last_bid_size + last.last_ask_size) / 2.0
        else:
            volume = asset.volume
        share = self.volume_limit if volume <= 0 else min(abs(order.quantity) / volume, self.volume_limit)
        return share * share * self.price_impact * last.value


__all__ = ["ConstantSlippageModel", "NullSlippageModel", "SlippageModel", "VolumeShareSlippageModel"]
