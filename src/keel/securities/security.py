"""A tradable security: its data cache, its position and its reality models (LEAN's ``Security``)."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from keel.model.bars import BaseData, QuoteBar, Tick, TradeBar
from keel.model.enums import DataNormalizationMode, Resolution, SecurityType
from keel.model.symbol import Symbol
from keel.securities.cache import SecurityCache
from keel.securities.cash import Cash, CashBook
from keel.securities.exchange import SecurityExchange, local_to_utc
from keel.securities.holding import SecurityHolding
from keel.securities.symbol_properties import SymbolProperties


class Security:
    """One security. The engine sets the exchange clock and feeds data; models decide fills,
    fees, slippage, margin, settlement and volatility.
    """

    def __init__(
        self,
        symbol: Symbol,
        exchange_hours: Any,
        quote_currency: Cash,
        symbol_properties: SymbolProperties | Any | None = None,
        data_time_zone: str | None = None,
        cash_book: CashBook | None = None,
    ) -> None:
        self.symbol = symbol
        self.exchange = SecurityExchange(exchange_hours)
        self.quote_currency = quote_currency
        self.symbol_properties = symbol_properties or SymbolProperties.default(quote_currency.symbol)
        self.data_time_zone = data_time_zone or getattr(exchange_hours, "time_zone", "UTC")
        self.cash_book = cash_book
        self.cache = self._create_cache()
        self.holdings = self._create_holding()
        self.subscriptions: list[Any] = []
        self._subscribed_types: set[Any] | None = None
        self.is_tradable = True
        self.is_delisted = False
        self.data_normalization_mode = DataNormalizationMode.RAW
        self.shortable_provider: Any = None
        self._update_volatility = False
        from keel.reality.defaults import apply_default_models  # lazy: reality sits above securities

        apply_default_models(self)

    # --- construction hooks ----------------------------------------------------------------------
    def _create_cache(self) -> SecurityCache:
        return SecurityCache()

    def _create_holding(self) -> SecurityHolding:
        return SecurityHolding(self)

    # --- identity --------------------------------------------------------------------------------
    @property
    def type(self) -> SecurityType:
        """Asset class."""
        return self.symbol.security_type

    @property
    def security_type(self) -> SecurityType:
        """Asset class."""
        return self.symbol.security_type

    # --- time ------------------------------------------------------------------------------------
    @property
    def local_time(self) -> datetime:
        """Current exchange-local time (naive)."""
        return self.exchange.local_time

    @property
    def utc_time(self) -> datetime:
        """Current time as naive UTC."""
        return self.exchange.utc_time

    def set_local_time(self, local_time: datetime, utc_time: datetime | None = None) -> None:
        """Advance the security's clock (the engine calls this every time step)."""
        self.exchange.set_local_time(local_time, utc_time)

    def local_to_utc(self, local_time: datetime) -> datetime:
        """Convert an exchange-local time to naive UTC."""
        return local_to_utc(local_time, self.exchange.tz)

    @property
    def invested(self) -> bool:
        """True when the security has a position (LEAN's ``Security.Invested``)."""
        return bool(self.holdings.invested)

    @property
    def Invested(self) -> bool:
        return self.invested

    # --- data ------------------------------------------------------------------------------------
    def set_market_price(self, data: BaseData | None) -> None:
        """Store a data point, update the holding's price and the volatility model."""
        if data is None:
            return
        cache = self.cache
        cache.add_data(data)
        self.holdings.price = cache.price
        if self._update_volatility:
            self.volatility_model.update(self, data)

    def update(
        self,
        data: list[BaseData],
        data_type: builtins.type | None = None,
        contains_fill_forward: bool = False,
    ) -> None:
        """Store several data points of one time step (e.g. the ticks of a slice)."""
        if not data:
            return
        for point in data:
            self.cache.add_data(point)
        self.holdings.price = self.cache.price
        if self._update_volatility:
            self.volatility_model.update(self, data[-1])

    def get_last_data(self) -> BaseData | None:
        """The latest data point of any type."""
        return self.cache.get_data()

    @property
    def has_data(self) -> bool:
        """True once any data arrived."""
        return self.cache.has_data

    @property
    def price(self) -> float:
        """Latest price (trade close, else quote mid)."""
        return self.cache.price

    @property
    def bid_price(self) -> float:
        """Latest bid, else the price (LEAN's ``Security.BidPrice``: ``Cache.BidPrice == 0 ? Price``)."""
        cache = self.cache
        return cache.bid_price or cache.price

    @property
    def ask_price(self) -> float:
        """Latest ask, else the price (LEAN's ``Security.AskPrice``: ``Cache.AskPrice == 0 ? Price``)."""
        cache = self.cache
        return cache.ask_price or cache.price

    @property
    def bid_size(self) -> float:
        """Latest bid size."""
        return self.cache.bid_size

    @property
    def ask_size(self) -> float:
        """Latest ask size."""
        return self.cache.ask_size

    @property
    def open(self) -> float:
        """Latest bar open."""
        return self.cache.open

    @property
    def high(self) -> float:
        """Latest bar high."""
        return self.cache.high

    @property
    def low(self) -> float:
        """Latest bar low."""
        return self.cache.low

    @property
    def close(self) -> float:
        """Latest bar close."""
        return self.cache.close

    @property
    def volume(self) -> float:
        """Latest bar volume."""
        return self.cache.volume

    @property
    def open_interest(self) -> float:
        """Latest open interest."""
        return self.cache.open_interest

    # --- subscriptions -----------------------------------------------------------------------------
    def add_subscription(self, config: Any) -> None:
        """Register a subscription config (needs ``data_type``, ``resolution``, ``extended_market_hours``)."""
        if config not in self.subscriptions:
            self.subscriptions.append(config)
        self._subscribed_types = None

    def subscribed_types(self) -> set[builtins.type]:
        """Data classes subscribed (falls back to the kinds of data seen in the cache)."""
        cached = getattr(self, "_subscribed_types", None)
        if cached is not None and self.subscriptions:
            return cached  # type: ignore[no-any-return]
        types = {getattr(c, "data_type", None) or getattr(c, "type", None) for c in self.subscriptions}
        types.discard(None)
        if types:
            self._subscribed_types = types
            return types  # type: ignore[return-value]
        seen: set[builtins.type] = set()
        cache = self.cache
        if cache.get_data(TradeBar) is not None:
            seen.add(TradeBar)
        if cache.get_data(QuoteBar) is not None:
            seen.add(QuoteBar)
        if cache.get_data(Tick) is not None:
            seen.add(Tick)
        return seen

    @property
    def subscription_data_config(self) -> Any:
        """LEAN's (obsolete) ``Security.SubscriptionDataConfig``: the first subscription
        (``SubscriptionsBag.FirstOrDefault()``), None before any."""
        return self.subscriptions[0] if self.subscriptions else None

    @property
    def SubscriptionDataConfig(self) -> Any:
        """LEAN spelling of ``subscription_data_config``."""
        return self.subscription_data_config

    @property
    def is_extended_market_hours(self) -> bool:
        """True if any (non-internal first) subscription includes extended hours."""
        public = [c for c in self.subscriptions if not getattr(c, "is_internal", False)]
        configs = public or self.subscriptions
        return any(getattr(c, "extended_market_hours", False) for c in configs)

    @property
    def resolution(self) -> Resolution | None:
        """Finest subscribed resolution, if known."""
        values = [getattr(c, "resolution", None) for c in self.subscriptions]
        known = [v for v in values if v is not None]
        return min(known) if known else None

    def is_market_open(self, extended_market_hours: bool) -> bool:
        """LEAN's ``IsMarketOpen``: open now, or open during the latest bar if it ended today."""
        exchange = self.exchange
        local = exchange.local_time
        if exchange.hours.is_open_at(local, extended_market_hours):
            return True
        bar = self.cache.get_data()
        if bar is None or local.date() != bar.end_time.date():
            return False
        return bool(exchange.hours.is_open(bar.time, bar.end_time, extended_market_hours))

    # --- models ----------------------------------------------------------------------------------
    @property
    def fee_model(self) -> Any:
        """Fee model."""
        return self._fee_model

    @fee_model.setter
    def fee_model(self, model: Any) -> None:
        self._fee_model = model

    @property
    def fill_model(self) -> Any:
        """Fill model."""
        return self._fill_model

    @fill_model.setter
    def fill_model(self, model: Any) -> None:
        self._fill_model = model

    @property
    def slippage_model(self) -> Any:
        """Slippage model."""
        return self._slippage_model

    @slippage_model.setter
    def slippage_model(self, model: Any) -> None:
        self._slippage_model = model

    @property
    def buying_power_model(self) -> Any:
        """Buying power / margin model."""
        return self._buying_power_model

    @buying_power_model.setter
    def buying_power_model(self, model: Any) -> None:
        self._buying_power_model = model

    margin_model = buying_power_model

    @property
    def settlement_model(self) -> Any:
        """Settlement model."""
        return self._settlement_model

    @settlement_model.setter
    def settlement_model(self, model: Any) -> None:
        self._settlement_model = model

    @property
    def volatility_model(self) -> Any:
        """Volatility model (updated on every data point unless it is the null model)."""
        return self._volatility_model

    @volatility_model.setter
    def volatility_model(self, model: Any) -> None:
        self._volatility_model = model
        self._update_volatility = not getattr(model, "is_null", False)

    def set_fee_model(self, model: Any) -> None:
        """Replace the fee model."""
        self.fee_model = model

    def set_fill_model(self, model: Any) -> None:
        """Replace the fill model."""
        self.fill_model = model

    def set_slippage_model(self, model: Any) -> None:
        """Replace the slippage model."""
        self.slippage_model = model

    def set_buying_power_model(self, model: Any) -> None:
        """Replace the buying power model."""
        self.buying_power_model = model

    set_margin_model = set_buying_power_model

    def set_settlement_model(self, model: Any) -> None:
        """Replace the settlement model."""
        self.settlement_model = model

    def set_volatility_model(self, model: Any) -> None:
        """Replace the volatility model."""
        self.volatility_model = model

    @property
    def leverage(self) -> float:
        """Leverage allowed by the buying power model."""
        return float(self._buying_power_model.get_leverage(self))

    def set_leverage(self, leverage: float) -> None:
        """Set the leverage on the buying power model (futures refuse anything but 1)."""
        self._buying_power_model.set_leverage(self, leverage)

    def get_minimum_price_variation(self, reference_price: float = 0.0) -> float:
        """The tick order prices are rounded to (LEAN's ``PriceVariationModel``): the symbol's
        minimum price variation."""
        return float(self.symbol_properties.minimum_price_variation or 0)

    def set_data_normalization_mode(self, mode: DataNormalizationMode) -> None:
        """Set how prices are adjusted (the data layer reads it)."""
        self.data_normalization_mode = DataNormalizationMode(mode)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.symbol})"

    # --- PascalCase aliases -------------------------------------------------------------------------
    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def Type(self) -> SecurityType:
        return self.symbol.security_type

    @property
    def Holdings(self) -> SecurityHolding:
        return self.holdings

    @property
    def Cache(self) -> SecurityCache:
        return self.cache

    @property
    def Exchange(self) -> SecurityExchange:
        return self.exchange

    @property
    def LocalTime(self) -> datetime:
        return self.local_time

    @property
    def Price(self) -> float:
        return self.cache.price

    @property
    def BidPrice(self) -> float:
        return self.bid_price

    @property
    def AskPrice(self) -> float:
        return self.ask_price

    @property
    def BidSize(self) -> float:
        return self.cache.bid_size

    @property
    def AskSize(self) -> float:
        return self.cache.ask_size

    @property
    def Open(self) -> float:
        return self.cache.open

    @property
    def High(self) -> float:
        return self.cache.high

    @property
    def Low(self) -> float:
        return self.cache.low

    @property
    def Close(self) -> float:
        return self.cache.close

    @property
    def Volume(self) -> float:
        return self.cache.volume

    @property
    def OpenInterest(self) -> float:
        return self.cache.open_interest

    @property
    def HasData(self) -> bool:
        return self.has_data

    @property
    def IsTradable(self) -> bool:
        return self.is_tradable

    @IsTradable.setter
    def IsTradable(self, value: bool) -> None:
        self.is_tradable = value

    @property
    def IsDelisted(self) -> bool:
        return self.is_delisted

    @property
    def Leverage(self) -> float:
        return self.leverage

    @property
    def SymbolProperties(self) -> Any:
        return self.symbol_properties

    @property
    def QuoteCurrency(self) -> Cash:
        return self.quote_currency

    @property
    def Subscriptions(self) -> list[Any]:
        return self.subscriptions

    @property
    def DataNormalizationMode(self) -> DataNormalizationMode:
        return self.data_normalization_mode

    @property
    def FeeModel(self) -> Any:
        return self._fee_model

    @FeeModel.setter
    def FeeModel(self, model: Any) -> None:
        self.fee_model = model

    @property
    def FillModel(self) -> Any:
        return self._fill_model

    @FillModel.setter
    def FillModel(self, model: Any) -> None:
        self.fill_model = model

    @property
    def SlippageModel(self) -> Any:
        return self._slippage_model

    @SlippageModel.setter
    def SlippageModel(self, model: Any) -> None:
        self.slippage_model = model

    @property
    def BuyingPowerModel(self) -> Any:
        return self._buying_power_model

    @BuyingPowerModel.setter
    def BuyingPowerModel(self, model: Any) -> None:
        self.buying_power_model = model

    MarginModel = BuyingPowerModel

    @property
    def SettlementModel(self) -> Any:
        return self._settlement_model

    @SettlementModel.setter
    def SettlementModel(self, model: Any) -> None:
        self.settlement_model = model

    @property
    def VolatilityModel(self) -> Any:
        return self._volatility_model

    @VolatilityModel.setter
    def VolatilityModel(self, model: Any) -> None:
        self.volatility_model = model

    SetFeeModel = set_fee_model
    SetFillModel = set_fill_model
    SetSlippageModel = set_slippage_model
    SetBuyingPowerModel = set_buying_power_model
    SetMarginModel = set_buying_power_model
    SetSettlementModel = set_settlement_model
    SetVolatilityModel = set_volatility_model
    SetLeverage = set_leverage
    SetMarketPrice = set_market_price
    SetDataNormalizationMode = set_data_normalization_mode
    Update = update
    GetLastData = get_last_data
    IsMarketOpen = is_market_open
