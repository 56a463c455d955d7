"""Algorithm and universe settings (LEAN's ``AlgorithmSettings`` / ``UniverseSettings``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.model.enums import DataMappingMode, DataNormalizationMode, Resolution


@dataclass
class AlgorithmSettings:
    """Run-wide settings with LEAN's defaults."""

    free_portfolio_value_percentage: float = 0.0025
    free_portfolio_value: float | None = None
    minimum_order_margin_portfolio_percentage: float = 0.001
    stale_price_time_span: timedelta = field(default_factory=lambda: timedelta(hours=1))
    daily_precise_end_time: bool = True
    daily_consolidation_use_extended_market_hours: bool = False
    seed_initial_prices: bool = False
    automatic_indicator_warm_up: bool = False
    liquidate_enabled: bool = True
    max_absolute_portfolio_target_percentage: float = 1e12
    min_absolute_portfolio_target_percentage: float = 1e-10
    warmup_resolution: Resolution | None = None
    trading_days_per_year: int | None = None
    reject_off_tick_prices: bool = False
    #: Reproduce a LEAN defect (off by default): in a time slice, a futures contract fed only
    #: through a continuous future's mapping (its trade/quote subscriptions internal) does not take
    #: its TradeBar (QuoteBar) into its security's prices when a contract of the same root that the
    #: algorithm subscribed itself (not the canonical) has a TradeBar (QuoteBar) in that slice. The
    #: mapped contract's own prices are dropped because another contract has data, so Keel applies
    #: them by default. The rule is fitted to evidence (the regressions
    #: AddFutureContractWithContinuousRegressionAlgorithm and
    #: LimitOrdersAreFilledAfterHoursForFuturesRegressionAlgorithm match all their statistics with
    #: it and no other public regression changes), not read in LEAN's C#: where LEAN does this was
    #: not found (tests/regressions/FINDINGS.md, item 1). The regression runner turns it on.
    lean_mapped_contract_shadowing: bool = False

    def __setattr__(self, name: str, value: Any) -> None:
        known = {f for f in self.__dataclass_fields__}
        snake = _SETTING_ALIASES.get(name, name)
        if snake not in known:
            raise AttributeError(f"unknown algorithm setting {name!r}; known settings: {', '.join(sorted(known))}")
        object.__setattr__(self, snake, value)

    def __getattr__(self, name: str) -> Any:
        snake = _SETTING_ALIASES.get(name)
        if snake is None:
            raise AttributeError(name)
        return object.__getattribute__(self, snake)

    def free_buffer(self, total_portfolio_value: float) -> float:
        """The part of the portfolio value ``set_holdings`` leaves free (LEAN's ``TotalPortfolioValueLessFreeBuffer``).

        ``free_portfolio_value`` when the algorithm set it; otherwise ``free_portfolio_value_percentage``
        of the current value (LEAN's trailing behaviour).
        """
        if self.free_portfolio_value is not None:
            return float(self.free_portfolio_value)
        return total_portfolio_value * self.free_portfolio_value_percentage


_SETTING_ALIASES = {
    "FreePortfolioValuePercentage": "free_portfolio_value_percentage",
    "FreePortfolioValue": "free_portfolio_value",
    "MinimumOrderMarginPortfolioPercentage": "minimum_order_margin_portfolio_percentage",
    "StalePriceTimeSpan": "stale_price_time_span",
    "DailyPreciseEndTime": "daily_precise_end_time",
    "DailyConsolidationUseExtendedMarketHours": "daily_consolidation_use_extended_market_hours",
    "SeedInitialPrices": "seed_initial_prices",
    "AutomaticIndicatorWarmUp": "automatic_indicator_warm_up",
    "LiquidateEnabled": "liquidate_enabled",
    "WarmupResolution": "warmup_resolution",
    "TradingDaysPerYear": "trading_days_per_year",
    "RejectOffTickPrices": "reject_off_tick_prices",
    "LeanMappedContractShadowing": "lean_mapped_contract_shadowing",
}


@dataclass
class UniverseSettings:
    """Defaults for securities added by universes and by ``add_*`` calls without arguments."""

    resolution: Resolution = Resolution.MINUTE
    leverage: float | None = None
    fill_forward: bool = True
    extended_market_hours: bool = False
    minimum_time_in_universe: timedelta = field(default_factory=lambda: timedelta(days=1))
    data_normalization_mode: DataNormalizationMode = DataNormalizationMode.ADJUSTED
    data_mapping_mode: DataMappingMode = DataMappingMode.OPEN_INTEREST
    contract_depth_offset: int = 0


add_pascal_aliases(UniverseSettings)
for _name in (
    "resolution",
    "leverage",
    "fill_forward",
    "extended_market_hours",
    "minimum_time_in_universe",
    "data_normalization_mode",
    "data_mapping_mode",
    "contract_depth_offset",
):
    setattr(
        UniverseSettings,
        "".join(p.capitalize() for p in _name.split("_")),
        property(lambda self, n=_name: getattr(self, n), lambda self, v, n=_name: setattr(self, n, v)),
    )
