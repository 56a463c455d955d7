"""Securities, their data caches, holdings, cash book and the portfolio."""

from keel.securities.cache import FutureCache, SecurityCache
from keel.securities.cash import Cash, CashBook, UnsettledCashAmount
from keel.securities.equity import Equity
from keel.securities.exchange import AlwaysOpenExchangeHours, SecurityExchange, WeeklyExchangeHours
from keel.securities.future import Future, FutureFilterUniverse
from keel.securities.holding import FutureHolding, SecurityHolding
from keel.securities.portfolio import SecurityPortfolioManager
from keel.securities.security import Security
from keel.securities.symbol_properties import SymbolProperties

__all__ = [
    "AlwaysOpenExchangeHours",
    "Cash",
    "CashBook",
    "Equity",
    "Future",
    "FutureCache",
    "FutureFilterUniverse",
    "FutureHolding",
    "Security",
    "SecurityCache",
    "SecurityExchange",
    "SecurityHolding",
    "SecurityPortfolioManager",
    "SymbolProperties",
    "UnsettledCashAmount",
    "WeeklyExchangeHours",
]
