"""LEAN's enumerations, with LEAN's integer values.

Each member has its snake/upper-case name (``Resolution.MINUTE``, LEAN's current Python API)
and its PascalCase alias (``Resolution.Minute``, LEAN's older API and C#).
"""

from __future__ import annotations

from datetime import timedelta
from enum import IntEnum


class Resolution(IntEnum):
    """Time resolution of a data subscription."""

    TICK = 0
    SECOND = 1
    MINUTE = 2
    HOUR = 3
    DAILY = 4
    Tick = 0
    Second = 1
    Minute = 2
    Hour = 3
    Daily = 4


# length of one bar of each resolution (a tick has none)
RESOLUTION_PERIOD: dict[Resolution, timedelta] = {
    Resolution.TICK: timedelta(0),
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}


class SecurityType(IntEnum):
    """Asset class of a security (LEAN's ``SecurityType``)."""

    BASE = 0
    EQUITY = 1
    OPTION = 2
    COMMODITY = 3
    FOREX = 4
    FUTURE = 5
    CFD = 6
    CRYPTO = 7
    FUTURE_OPTION = 8
    INDEX = 9
    INDEX_OPTION = 10
    CRYPTO_FUTURE = 11
    Base = 0
    Equity = 1
    Option = 2
    Commodity = 3
    Forex = 4
    Future = 5
    Cfd = 6
    Crypto = 7
    FutureOption = 8
    Index = 9
    IndexOption = 10
    CryptoFuture = 11


class TickType(IntEnum):
    """Kind of market data carried by a subscription or a tick."""

    TRADE = 0
    QUOTE = 1
    OPEN_INTEREST = 2
    Trade = 0
    Quote = 1
    OpenInterest = 2


class OrderType(IntEnum):
    """Order types, with LEAN's numbering."""

    MARKET = 0
    LIMIT = 1
    STOP_MARKET = 2
    STOP_LIMIT = 3
    MARKET_ON_OPEN = 4
    MARKET_ON_CLOSE = 5
    OPTION_EXERCISE = 6
    LIMIT_IF_TOUCHED = 7
    COMBO_MARKET = 8
    COMBO_LIMIT = 9
    COMBO_LEG_LIMIT = 10
    TRAILING_STOP = 11
    Market = 0
    Limit = 1
    StopMarket = 2
    StopLimit = 3
    MarketOnOpen = 4
    MarketOnClose = 5
    OptionExercise = 6
    LimitIfTouched = 7
    ComboMarket = 8
    ComboLimit = 9
    ComboLegLimit = 10
    TrailingStop = 11


class OrderStatus(IntEnum):
    """Life-cycle state of an order, with LEAN's numbering."""

    NEW = 0
    SUBMITTED = 1
    PARTIALLY_FILLED = 2
    FILLED = 3
    CANCELED = 5
    NONE = 6
    INVALID = 7
    CANCEL_PENDING = 8
    UPDATE_SUBMITTED = 9
    New = 0
    Submitted = 1
    PartiallyFilled = 2
    Filled = 3
    Canceled = 5
    Invalid = 7
    CancelPending = 8
    UpdateSubmitted = 9

    @property
    def is_closed(self) -> bool:
        """True for the terminal states Filled, Canceled and Invalid."""
        return self._value_ in CLOSED_ORDER_STATUSES

    @property
    def is_open(self) -> bool:
        """True while the order can still fill, be updated or cancelled."""
        return self._value_ not in _NOT_OPEN_STATUSES


# the terminal states (members hash and compare as their int values)
CLOSED_ORDER_STATUSES = frozenset((OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.INVALID))
_NOT_OPEN_STATUSES = CLOSED_ORDER_STATUSES | {OrderStatus.NONE}


class OrderDirection(IntEnum):
    """Side of an order."""

    BUY = 0
    SELL = 1
    HOLD = 2
    Buy = 0
    Sell = 1
    Hold = 2


class DataNormalizationMode(IntEnum):
    """How prices of a continuous series are adjusted across contract rolls."""

    RAW = 0
    ADJUSTED = 1
    SPLIT_ADJUSTED = 2
    TOTAL_RETURN = 3
    FORWARD_PANAMA_CANAL = 4
    BACKWARDS_PANAMA_CANAL = 5
    BACKWARDS_RATIO = 6
    SCALED_RAW = 7
    Raw = 0
    Adjusted = 1
    SplitAdjusted = 2
    TotalReturn = 3
    ForwardPanamaCanal = 4
    BackwardsPanamaCanal = 5
    BackwardsRatio = 6
    ScaledRaw = 7


class DataMappingMode(IntEnum):
    """Rule that decides when a continuous future rolls to the next contract."""

    LAST_TRADING_DAY = 0
    FIRST_DAY_MONTH = 1
    OPEN_INTEREST = 2
    OPEN_INTEREST_ANNUAL = 3
    LastTradingDay = 0
    FirstDayMonth = 1
    OpenInterest = 2
    OpenInterestAnnual = 3


class AccountType(IntEnum):
    """Brokerage account type."""

    MARGIN = 0
    CASH = 1
    Margin = 0
    Cash = 1


class BrokerageName(IntEnum):
    """Brokerages whose models Keel bundles (LEAN's ``BrokerageName`` numbering)."""

    DEFAULT = 0
    INTERACTIVE_BROKERS_BROKERAGE = 1
    TRADIER_BROKERAGE = 2
    OANDA_BROKERAGE = 3
    FXCM_BROKERAGE = 4
    BITFINEX = 5
    BINANCE = 6
    GDAX = 12
    COINBASE = 13
    TRADING_TECHNOLOGIES = 22
    QUANTCONNECT_BROKERAGE = 0
    Default = 0
    InteractiveBrokersBrokerage = 1
    TradierBrokerage = 2
    OandaBrokerage = 3
    FxcmBrokerage = 4
    Bitfinex = 5
    Binance = 6
    GDAX_ = 12
    Coinbase = 13
    TradingTechnologies = 22
    QuantConnectBrokerage = 0


class SettlementMode(IntEnum):
    """Futures settlement style, used in LEAN's delivery rules (physical or cash)."""

    PHYSICAL_DELIVERY = 0
    CASH = 1
    PhysicalDelivery = 0
    Cash = 1
