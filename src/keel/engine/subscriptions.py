"""Subscription configuration: one data stream (symbol, type, resolution) the feed delivers."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import Any

from keel.model.bars import OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.enums import DataMappingMode, DataNormalizationMode, Resolution, TickType
from keel.model.symbol import Symbol

DATA_TYPES: dict[TickType, type] = {
    TickType.TRADE: TradeBar,
    TickType.QUOTE: QuoteBar,
    TickType.OPEN_INTEREST: OpenInterest,
}

RESOLUTION_NS: dict[Resolution, int] = {
    Resolution.TICK: 0,
    Resolution.SECOND: 1_000_000_000,
    Resolution.MINUTE: 60_000_000_000,
    Resolution.HOUR: 3_600_000_000_000,
    Resolution.DAILY: 86_400_000_000_000,
}


@dataclass(eq=False, slots=True)
class SubscriptionDataConfig:
    """What one subscription streams and how (LEAN's ``SubscriptionDataConfig``).

    ``symbol`` is the symbol the data is emitted for; for a continuous future that is the
    canonical symbol, and ``mapped`` is the contract whose file is read.
    """

    symbol: Symbol
    tick_type: TickType
    resolution: Resolution
    exchange_hours: Any
    exchange_time_zone: str
    data_time_zone: str
    extended_market_hours: bool = False
    fill_forward: bool = True
    is_internal: bool = False
    data_normalization_mode: DataNormalizationMode = DataNormalizationMode.RAW
    data_mapping_mode: DataMappingMode = DataMappingMode.OPEN_INTEREST
    contract_depth_offset: int = 0
    mapped: Symbol | None = None
    price_scale: float = 1.0
    price_offset: float = 0.0
    consolidators: list[Any] = field(default_factory=list)
    # equities: split/dividend factors (``CorporateFactorFile``) applied per the normalization mode
    corporate_factors: Any = None
    # how many LEAN subscriptions this stream stands for: a contract that is both a continuous
    # future's mapped contract (LEAN: internal feed) and the algorithm's (a user feed) has two
    lean_copies: int = 1
    # LEAN's second subscription (see ``lean_copies``) is an enumerator of its own, started when the
    # contract was mapped: its fill-forward has nothing to repeat until it has read a bar ending at or
    # after that start. The start (UTC ns) while it has not: its points are not counted yet
    copy_since_ns: int | None = None
    # the same for the subscription this stream stands for when it took over from another one (the
    # chain dropped a mapped contract: only the continuous universe's subscription is left): no
    # points are emitted before it has read a bar ending at or after this time (UTC ns)
    pending_since_ns: int | None = None
    # a continuous (intraday) subscription whose mapping changes at this instant (UTC ns): the data
    # of the contract it still reads that ends at or after it is not emitted (LEAN's
    # ``SubscriptionDataReader`` skips the point that triggers the mapping's exchange date change;
    # fill-forward repeats the previous bar instead). Set by the engine for one window.
    roll_cutoff_ns: int | None = None

    @property
    def data_type(self) -> type:
        """The class of the data points (TradeBar, QuoteBar, OpenInterest or Tick)."""
        if self.resolution == Resolution.TICK:
            return Tick
        return DATA_TYPES[self.tick_type]

    @property
    def is_continuous(self) -> bool:
        """True for a continuous-future subscription (canonical symbol, mapped contract)."""
        return bool(self.symbol.is_canonical)

    @property
    def period_ns(self) -> int:
        """Bar length in nanoseconds (0 for ticks)."""
        return RESOLUTION_NS[self.resolution]

    @property
    def source_symbol(self) -> Symbol:
        """The symbol whose files are read (the mapped contract for continuous futures)."""
        return self.mapped if self.mapped is not None else self.symbol

    # LEAN's Python names of SubscriptionDataConfig members that Keel names differently
    @property
    def fill_data_forward(self) -> bool:
        """LEAN's ``FillDataForward`` (Keel: :attr:`fill_forward`)."""
        return self.fill_forward

    @property
    def is_internal_feed(self) -> bool:
        """LEAN's ``IsInternalFeed`` (Keel: :attr:`is_internal`)."""
        return self.is_internal

    # PascalCase aliases
    @property
    def FillDataForward(self) -> bool:
        return self.fill_forward

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def Resolution(self) -> Resolution:
        return self.resolution

    @property
    def TickType(self) -> TickType:
        return self.tick_type

    @property
    def ExtendedMarketHours(self) -> bool:
        return self.extended_market_hours

    @property
    def IsInternalFeed(self) -> bool:
        return self.is_internal

    @property
    def Type(self) -> type:
        return self.data_type

    @property
    def DataNormalizationMode(self) -> DataNormalizationMode:
        return self.data_normalization_mode

    # after every annotation that means the builtin ``type``: this member shadows it in the class
    @property
    def type(self) -> builtins.type:
        """LEAN's ``Type``: the class of the data points (see :attr:`data_type`)."""
        return self.data_type

    def __repr__(self) -> str:
        source = f" <- {self.mapped}" if self.mapped is not None else ""
        return (
            f"SubscriptionDataConfig({self.symbol}{source}, {self.data_type.__name__}, "
            f"{self.resolution.name}, ext={self.extended_market_hours})"
        )
