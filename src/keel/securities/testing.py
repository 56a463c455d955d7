"""Small factories for tests and examples: securities with synthetic hours, a portfolio, bars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from keel.model.bars import Bar, QuoteBar, TradeBar
from keel.model.enums import SecurityType
from keel.model.market import Market
from keel.model.symbol import Symbol
from keel.securities.cash import CashBook
from keel.securities.equity import Equity
from keel.securities.exchange import WeeklyExchangeHours
from keel.securities.future import Future
from keel.securities.portfolio import SecurityPortfolioManager
from keel.securities.security import Security
from keel.securities.symbol_properties import SymbolProperties

NEW_YORK = "America/New_York"
CHICAGO = "America/Chicago"


def us_equity_hours() -> WeeklyExchangeHours:
    """NYSE-like hours: 9:30-16:00 regular, 4:00-9:30 and 16:00-20:00 extended, Mon-Fri."""
    regular: dict[int, list[tuple[time, time | None]]] = {d: [(time(9, 30), time(16, 0))] for d in range(5)}
    extended: dict[int, list[tuple[time, time | None]]] = {
        d: [(time(4, 0), time(9, 30)), (time(16, 0), time(20, 0))] for d in range(5)
    }
    return WeeklyExchangeHours(NEW_YORK, regular, extended)


def cme_equity_future_hours() -> WeeklyExchangeHours:
    """CME Globex equity-index futures (New York time): regular 9:30-17:00, extended the rest of
    the 18:00-17:00 session, Sunday evening to Friday 17:00."""
    regular: dict[int, list[tuple[time, time | None]]] = {d: [(time(9, 30), time(17, 0))] for d in range(5)}
    extended: dict[int, list[tuple[time, time | None]]] = {
        d: [(time(0, 0), time(9, 30)), (time(18, 0), None)] for d in range(4)
    }
    extended[4] = [(time(0, 0), time(9, 30))]
    extended[6] = [(time(18, 0), None)]
    return WeeklyExchangeHours(NEW_YORK, regular, extended)


def make_portfolio(cash: float = 100_000.0, currency: str = "USD") -> SecurityPortfolioManager:
    """A portfolio with ``cash`` in ``currency`` and an empty securities dict."""
    portfolio = SecurityPortfolioManager({}, CashBook(currency))
    portfolio.set_cash(cash)
    return portfolio


def es_symbol(expiry: date = date(2013, 12, 20)) -> Symbol:
    """ESZ13 (or another ES contract)."""
    return Symbol.create_future("ES", Market.CME, expiry)


def make_future(
    portfolio: SecurityPortfolioManager | None = None,
    root: str = "ES",
    expiry: date = date(2013, 12, 20),
    multiplier: float = 50.0,
    tick: float = 0.25,
    market: str = Market.CME,
) -> Future:
    """A futures contract registered in ``portfolio`` (if given), quoted in USD."""
    book = portfolio.cash_book if portfolio is not None else CashBook()
    symbol = Symbol.create_future(root, market, expiry)
    props = SymbolProperties(f"{root} future", "USD", multiplier, tick, 1.0)
    future = Future(symbol, cme_equity_future_hours(), book["USD"], props, cash_book=book)
    if portfolio is not None:
        portfolio.securities[symbol] = future  # type: ignore[index]
    return future


def make_equity(portfolio: SecurityPortfolioManager | None = None, ticker: str = "SPY") -> Equity:
    """A US equity registered in ``portfolio`` (if given)."""
    book = portfolio.cash_book if portfolio is not None else CashBook()
    symbol = Symbol.create(ticker, SecurityType.EQUITY, Market.USA)
    equity = Equity(
        symbol,
        us_equity_hours(),
        book["USD"],
        SymbolProperties(ticker, "USD", 1.0, 0.01, 1.0),
        cash_book=book,
    )
    if portfolio is not None:
        portfolio.securities[symbol] = equity  # type: ignore[index]
    return equity


def trade_bar(
    security: Security,
    start: datetime,
    o: float,
    h: float,
    lo: float,
    c: float,
    volume: float = 1000.0,
    period: timedelta = timedelta(minutes=1),
) -> TradeBar:
    """A trade bar for ``security`` starting at ``start`` (exchange time)."""
    return TradeBar(security.symbol, start, start + period, o, h, lo, c, volume)


def quote_bar(
    security: Security,
    start: datetime,
    bid: float,
    ask: float,
    period: timedelta = timedelta(minutes=1),
    bid_range: tuple[float, float, float, float] | None = None,
    ask_range: tuple[float, float, float, float] | None = None,
) -> QuoteBar:
    """A quote bar with flat bid/ask (or the given OHLC ranges)."""
    b = Bar(*(bid_range or (bid, bid, bid, bid)))
    a = Bar(*(ask_range or (ask, ask, ask, ask)))
    return QuoteBar(security.symbol, start, start + period, b, 10.0, a, 10.0)


def feed(security: Security, *data: TradeBar | QuoteBar) -> None:
    """Set the clock to the data's end time and store the data."""
    end = max(d.end_time for d in data)
    security.set_local_time(end)
    for point in data:
        security.set_market_price(point)
