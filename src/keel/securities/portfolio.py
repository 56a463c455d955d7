"""The account: cash book, holdings of every security, margin and profit totals
(LEAN's ``SecurityPortfolioManager``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from keel.engine.clock import naive_from_ns
from keel.model.enums import OrderDirection, SecurityType
from keel.model.orders import Order, OrderEvent
from keel.model.slice import KeyValuePair
from keel.model.symbol import Symbol
from keel.securities.cash import CashBook, UnsettledCashAmount
from keel.securities.cash import CashBook as _CashBook
from keel.securities.holding import FutureHolding, SecurityHolding
from keel.securities.security import Security

_NO_HOLDINGS_VALUE = frozenset(
    {
        SecurityType.FOREX,
        SecurityType.CRYPTO,
        SecurityType.FUTURE,
        SecurityType.CFD,
        SecurityType.CRYPTO_FUTURE,
    }
)
_ONE_MS = timedelta(milliseconds=1)
_PARAMETERS: Any = None  # HasSufficientBuyingPowerForOrderParameters, imported on first use


_EPOCH = datetime(1970, 1, 1)
_ONE_US = timedelta(microseconds=1)


class TradeRecords(Sequence[tuple[datetime, float]]):
    """Closing trades' ``(utc_time, pnl)`` in two compact columns (16 bytes per trade).

    Reads as a sequence of tuples; times are naive UTC with microsecond precision, kept unique
    by adding 1 ms to a time not after the previous one (LEAN's transaction record keys).
    """

    __slots__ = ("_last", "_pnl", "_times", "_tz")

    def __init__(self, records: Iterable[tuple[datetime, float]] = ()) -> None:
        self._times = array("q")
        self._pnl = array("d")
        self._last: datetime | None = None
        self._tz: Any = None
        for utc_time, pnl in records:
            self.add(utc_time, pnl)

    def add(self, utc_time: datetime, pnl: float) -> None:
        """Append one trade (its time moved 1 ms after the previous one when not later)."""
        last = self._last
        if last is not None and utc_time <= last:
            utc_time = last + _ONE_MS
        if utc_time.tzinfo is not None:
            self._tz = utc_time.tzinfo
            utc_time = utc_time.replace(tzinfo=None) - (utc_time.utcoffset() or timedelta(0))
            self._last = utc_time.replace(tzinfo=UTC).astimezone(self._tz)
        else:
            self._last = utc_time
        self._times.append((utc_time - _EPOCH) // _ONE_US)
        self._pnl.append(pnl)

    def append(self, record: tuple[datetime, float]) -> None:
        """List-style append of a ``(utc_time, pnl)`` tuple (as given, no uniqueness shift)."""
        utc_time, pnl = record
        last = self._last
        self._last = None
        self.add(utc_time, pnl)
        if last is not None and self._last is not None and self._last < last:
            self._last = last

    def _time(self, micros: int) -> datetime:
        utc = naive_from_ns(micros * 1000)  # = _EPOCH + timedelta(microseconds=micros), faster
        return utc if self._tz is None else utc.replace(tzinfo=UTC).astimezone(self._tz)

    def __len__(self) -> int:
        return len(self._times)

    @overload
    def __getitem__(self, index: int) -> tuple[datetime, float]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[datetime, float]]: ...

    def __getitem__(self, index: int | slice) -> tuple[datetime, float] | list[tuple[datetime, float]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._time(self._times[index]), self._pnl[index]

    def __iter__(self) -> Iterator[tuple[datetime, float]]:
        time = self._time
        return ((time(t), p) for t, p in zip(self._times, self._pnl, strict=True))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"TradeRecords({list(self)!r})"

    def clear(self) -> None:
        """Forget every trade."""
        del self._times[:]
        del self._pnl[:]
        self._last = None


class SecurityPortfolioManager:
    """Holdings and cash of the algorithm's account.

    ``securities`` is the (shared, live) mapping of the algorithm's securities. ``transactions``
    is optional; the margin call model submits orders through :attr:`order_submitter`.
    """

    def __init__(
        self,
        securities: Mapping[Symbol, Security] | None = None,
        cash_book: CashBook | None = None,
        transactions: Any = None,
    ) -> None:
        self.securities: Mapping[Symbol, Security] = securities if securities is not None else {}
        self.cash_book = cash_book or CashBook()
        self.unsettled_cash_book = CashBook(self.cash_book.account_currency)
        self.transactions = transactions
        self.trade_records: TradeRecords | list[tuple[datetime, float]] = TradeRecords()
        self._unsettled: list[UnsettledCashAmount] = []
        self.order_submitter: Callable[[Any], Any] | None = None
        from keel.reality.margin_call import DefaultMarginCallModel  # lazy: reality sits above securities
        from keel.reality.portfolio_model import SecurityPortfolioModel

        self.portfolio_model: Any = SecurityPortfolioModel()
        self.margin_call_model: Any = DefaultMarginCallModel(self)

    # --- mapping ------------------------------------------------------------------------------
    def __getitem__(self, symbol: Symbol | str) -> SecurityHolding:
        return self._security(symbol).holdings

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.securities

    def __iter__(self) -> Iterator[KeyValuePair]:
        # LEAN's portfolio is an IDictionary<Symbol, SecurityHolding>: ``for kvp in portfolio`` yields
        # KeyValuePair entries (``kvp.key``, ``kvp.value``), see ``keel.model.slice.KeyValuePair``
        return (KeyValuePair(symbol, security.holdings) for symbol, security in self.securities.items())

    def __len__(self) -> int:
        return len(self.securities)

    def keys(self) -> list[Symbol]:
        """Symbols."""
        return list(self.securities.keys())

    def values(self) -> list[SecurityHolding]:
        """Holdings."""
        return [s.holdings for s in self.securities.values()]

    def items(self) -> list[tuple[Symbol, SecurityHolding]]:
        """``(symbol, holding)`` pairs."""
        return [(k, s.holdings) for k, s in self.securities.items()]

    def _security(self, symbol: Symbol | str) -> Security:
        securities = self.securities
        if type(symbol) is Symbol and isinstance(securities, dict):
            security = dict.get(securities, symbol)  # skips SecurityManager's ticker resolution
            if security is not None:
                return security  # type: ignore[no-any-return]
        try:
            return self.securities[symbol]  # type: ignore[index]
        except KeyError:
            for key, security in self.securities.items():
                if key == symbol:
                    return security
            raise KeyError(
                f"{symbol} is not in the portfolio; add the security first (add_future/add_equity)"
            ) from None

    # --- cash ---------------------------------------------------------------------------------
    @property
    def account_currency(self) -> str:
        """The currency everything is reported in."""
        return self.cash_book.account_currency

    @property
    def cash(self) -> float:
        """Settled cash in the account currency (all currencies converted)."""
        return self.cash_book.total_value_in_account_currency

    @property
    def unsettled_cash(self) -> float:
        """Cash waiting for settlement, in the account currency."""
        return self.unsettled_cash_book.total_value_in_account_currency

    def set_cash(
        self, amount: float, currency: str | None = None, conversion_rate: float | None = None
    ) -> None:
        """Set the balance of ``currency`` (default: the account currency)."""
        code = (currency or self.cash_book.account_currency).upper()
        self.cash_book.add(code, float(amount), conversion_rate)

    def set_account_currency(self, currency: str) -> None:
        """Change the account currency before any cash is set."""
        self.cash_book = CashBook(currency)
        self.unsettled_cash_book = CashBook(currency)

    def add_unsettled_cash_amount(self, item: UnsettledCashAmount) -> None:
        """Queue sale proceeds for later settlement (delayed settlement model)."""
        self._unsettled.append(item)

    def scan_for_cash_settlement(self, utc_time: datetime) -> None:
        """Move due unsettled cash into the cash book and run every security's settlement scan."""
        if self._unsettled:
            still: list[UnsettledCashAmount] = []
            for item in self._unsettled:
                if item.settlement_time_utc <= utc_time:
                    self.cash_book.get_or_add(item.currency).add_amount(item.amount)
                    self.unsettled_cash_book.get_or_add(item.currency).add_amount(-item.amount)
                else:
                    still.append(item)
            self._unsettled = still
        from keel.reality.settlement import ScanSettlementModelParameters

        for security in self.securities.values():
            security.settlement_model.scan(ScanSettlementModelParameters(self, security, utc_time))

    # --- values -------------------------------------------------------------------------------
    @property
    def total_portfolio_value(self) -> float:
        """Cash + unsettled cash + holdings value; futures and CFDs add only their unsettled profit."""
        total = (
            self.cash_book.total_value_in_account_currency
            + self.unsettled_cash_book.total_value_in_account_currency
        )
        for security in self.securities.values():
            holding = security.holdings
            if holding.quantity == 0:
                continue
            kind = security.symbol.security_type
            if kind not in _NO_HOLDINGS_VALUE:
                total += holding.holdings_value
            elif isinstance(holding, FutureHolding):
                total += holding.unsettled_profit
            elif kind in (SecurityType.CFD, SecurityType.FUTURE, SecurityType.CRYPTO_FUTURE):
                total += holding.unrealized_profit
        return total

    @property
    def total_holdings_value(self) -> float:
        """Sum of signed market values (futures: notional)."""
        return sum(s.holdings.holdings_value for s in self.securities.values())

    @property
    def total_absolute_holdings_cost(self) -> float:
        """Sum of absolute cost bases."""
        return sum(s.holdings.absolute_holdings_cost for s in self.securities.values())

    @property
    def total_unrealized_profit(self) -> float:
        """Sum of unrealized profit (net of estimated closing fees)."""
        return sum(s.holdings.unrealized_profit for s in self.securities.values() if s.holdings.quantity)

    @property
    def total_unlevered_absolute_holdings_cost(self) -> float:
        """Same as the absolute holdings cost (no leverage adjustment in Keel)."""
        return self.total_absolute_holdings_cost

    @property
    def total_fees(self) -> float:
        """All fees paid, account currency."""
        return sum(s.holdings.total_fees for s in self.securities.values())

    @property
    def total_profit(self) -> float:
        """Realized profit before fees."""
        return sum(s.holdings.profit for s in self.securities.values())

    @property
    def total_net_profit(self) -> float:
        """Realized profit after fees."""
        return sum(s.holdings.net_profit for s in self.securities.values())

    @property
    def total_sale_volume(self) -> float:
        """Cumulative traded value (notional for futures)."""
        return sum(s.holdings.total_sale_volume for s in self.securities.values())

    @property
    def invested(self) -> bool:
        """True if any position is open."""
        return any(s.holdings.quantity for s in self.securities.values())

    # --- margin -------------------------------------------------------------------------------
    @property
    def total_margin_used(self) -> float:
        """Sum of each position's reserved buying power (maintenance margin)."""
        total = 0.0
        for security in self.securities.values():
            if security.holdings.quantity:
                total += security.buying_power_model.get_reserved_buying_power_for_position(security)
        return total

    def get_margin_remaining(self, total_portfolio_value: float | None = None) -> float:
        """``TPV - unsettled cash - total margin used`` (may be negative)."""
        tpv = self.total_portfolio_value if total_portfolio_value is None else total_portfolio_value
        return tpv - self.unsettled_cash - self.total_margin_used

    @property
    def margin_remaining(self) -> float:
        """Free margin of the account."""
        return self.get_margin_remaining()

    def get_margin_remaining_for(
        self, symbol: Symbol, direction: OrderDirection = OrderDirection.BUY
    ) -> float:
        """Free margin for an order on ``symbol`` in ``direction`` (reversals free the position)."""
        security = self._security(symbol)
        return float(security.buying_power_model.get_margin_remaining(self, security, direction))

    def get_buying_power(self, symbol: Symbol, direction: OrderDirection = OrderDirection.BUY) -> float:
        """Buying power for an order on ``symbol`` in ``direction``."""
        return self.get_margin_remaining_for(symbol, direction)

    def has_sufficient_buying_power_for_order(self, order: Order, quantity_filled: float = 0.0) -> Any:
        """Ask the security's buying power model; returns ``HasSufficientBuyingPowerForOrderResult``."""
        global _PARAMETERS
        if _PARAMETERS is None:
            from keel.reality.buying_power_parameters import HasSufficientBuyingPowerForOrderParameters

            _PARAMETERS = HasSufficientBuyingPowerForOrderParameters
        symbol = order.symbol
        securities = self.securities
        # ``_security``'s fast path inline (two checks per order)
        security = dict.get(securities, symbol) if type(symbol) is Symbol and isinstance(securities, dict) else None
        if security is None:
            security = self._security(symbol)
        return security.buying_power_model.has_sufficient_buying_power_for_order(
            _PARAMETERS(self, security, order, quantity_filled)
        )

    def log_margin_information(self, order: Order | None = None) -> str:
        """A one-line summary of the account's margin (returned; the caller logs it)."""
        text = (
            f"Total margin information: TotalPortfolioValue: {self.total_portfolio_value:.2f}, "
            f"MarginUsed: {self.total_margin_used:.2f}, MarginRemaining: {self.margin_remaining:.2f}"
        )
        if order is not None:
            text += f"; Order: {order.id} {order.symbol} {order.quantity:g}"
        return text

    # --- fills --------------------------------------------------------------------------------
    def process_fills(self, fills: list[OrderEvent]) -> None:
        """Apply fills through the portfolio model (events without a fill quantity are skipped)."""
        model = self.portfolio_model
        security = self._security  # its Symbol fast path is a plain dict lookup
        for fill in fills:
            if fill.fill_quantity == 0:
                continue
            model.process_fill(self, security(fill.symbol), fill)

    def process_fill(self, fill: OrderEvent) -> None:
        """Apply one fill."""
        self.process_fills([fill])

    def add_transaction_record(self, utc_time: datetime, pnl: float) -> None:
        """Record a closing trade's P&L (keys made unique by +1 ms, as LEAN does)."""
        records = self.trade_records
        if type(records) is TradeRecords:
            records.add(utc_time, pnl)
            return
        if records and utc_time <= records[-1][0]:
            utc_time = records[-1][0] + _ONE_MS
        records.append((utc_time, pnl))

    # --- margin calls -------------------------------------------------------------------------
    def set_margin_call_model(self, model: Any) -> None:
        """Replace the margin call model (``MarginCallModel.NULL`` disables margin calls)."""
        self.margin_call_model = model

    def set_order_submitter(self, submit: Callable[[Any], Any]) -> None:
        """The engine's function that submits a ``SubmitOrderRequest`` and waits for its fill."""
        self.order_submitter = submit

    # --- PascalCase aliases ---------------------------------------------------------------------
    @property
    def Cash(self) -> float:
        return self.cash

    @property
    def CashBook(self) -> _CashBook:
        return self.cash_book

    @property
    def UnsettledCash(self) -> float:
        return self.unsettled_cash

    @property
    def UnsettledCashBook(self) -> _CashBook:
        return self.unsettled_cash_book

    @property
    def TotalPortfolioValue(self) -> float:
        return self.total_portfolio_value

    @property
    def TotalMarginUsed(self) -> float:
        return self.total_margin_used

    @property
    def MarginRemaining(self) -> float:
        return self.margin_remaining

    @property
    def TotalFees(self) -> float:
        return self.total_fees

    @property
    def TotalProfit(self) -> float:
        return self.total_profit

    @property
    def TotalNetProfit(self) -> float:
        return self.total_net_profit

    @property
    def TotalUnrealisedProfit(self) -> float:
        return self.total_unrealized_profit

    TotalUnrealizedProfit = TotalUnrealisedProfit
    total_unrealised_profit = TotalUnrealisedProfit  # LEAN's Python snake_case of TotalUnrealisedProfit

    @property
    def TotalHoldingsValue(self) -> float:
        return self.total_holdings_value

    @property
    def TotalAbsoluteHoldingsCost(self) -> float:
        return self.total_absolute_holdings_cost

    @property
    def TotalSaleVolume(self) -> float:
        return self.total_sale_volume

    @property
    def Invested(self) -> bool:
        return self.invested

    @property
    def MarginCallModel(self) -> Any:
        return self.margin_call_model

    @MarginCallModel.setter
    def MarginCallModel(self, model: Any) -> None:
        self.margin_call_model = model

    @property
    def PortfolioModel(self) -> Any:
        return self.portfolio_model

    @property
    def Securities(self) -> Mapping[Symbol, Security]:
        return self.securities

    def GetBuyingPower(self, symbol: Symbol, direction: OrderDirection = OrderDirection.BUY) -> float:
        return self.get_buying_power(symbol, direction)

    def GetMarginRemaining(self, *args: Any) -> float:
        if args and isinstance(args[0], int | float):
            return self.get_margin_remaining(float(args[0]))
        if args:
            return self.get_margin_remaining_for(*args)
        return self.get_margin_remaining()

    SetCash = set_cash
    SetAccountCurrency = set_account_currency
    SetMarginCallModel = set_margin_call_model
    HasSufficientBuyingPowerForOrder = has_sufficient_buying_power_for_order
    LogMarginInformation = log_margin_information
    ProcessFills = process_fills
    ScanForCashSettlement = scan_for_cash_settlement
    Keys = keys
    Values = values
