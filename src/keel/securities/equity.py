"""US equities (SPY for benchmarks and LEAN's equity regressions)."""

from __future__ import annotations

from typing import Any

from keel.model.enums import DataNormalizationMode
from keel.securities.cache import EquityCache, SecurityCache
from keel.securities.security import Security


class Equity(Security):
    """An equity; prices are split- and dividend-adjusted by default, as in LEAN."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_normalization_mode = DataNormalizationMode.ADJUSTED
        self.primary_exchange = ""

    def _create_cache(self) -> SecurityCache:
        return EquityCache()

    def get_minimum_price_variation(self, reference_price: float = 0.0) -> float:
        """LEAN: adjusted prices are off any tick grid, so orders are not rounded (0); otherwise
        $0.0001 below $1 and the symbol's minimum price variation above."""
        if self.data_normalization_mode == DataNormalizationMode.ADJUSTED:
            return 0.0
        if 0 < reference_price < 1:
            return 0.0001
        return super().get_minimum_price_variation(reference_price)

    def set_data_normalization_mode(self, mode: DataNormalizationMode) -> None:
        """Set the price normalization; the equity's subscriptions follow it (LEAN semantics)."""
        super().set_data_normalization_mode(mode)
        for config in self.subscriptions:
            if hasattr(config, "data_normalization_mode"):
                config.data_normalization_mode = self.data_normalization_mode

    SetDataNormalizationMode = set_data_normalization_mode
