"""Probe: daily futures cash settlement with short positions (initial holding short 1 ES at 1600)."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403
from keel.regressions.algorithms._settlement_checks import assert_settled_flat


class FuturesDailySettlementShortRegressionAlgorithm(QCAlgorithm):
    """Mirror image of the long settlement regression; asserts the cash after every daily settlement."""

    side = -1
    expected_cash = {
        datetime(2013, 10, 7): 100000,
        datetime(2013, 10, 8): 96701.95,
        datetime(2013, 10, 9): 98718.55,
        datetime(2013, 10, 10): 97937.10,
        datetime(2013, 10, 10, 17): 98943.15,
    }

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        canonical = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        contracts = sorted((c.symbol for c in self.futures_chain(canonical)), key=lambda s: s.id.date)
        self._symbol = contracts[0]
        self._future = self.add_future_contract(self._symbol)
        self._future.holdings.set_holdings(1600, self.side)
        self._pending = dict(self.expected_cash)
        self._last_day = 0

    def _check_cash(self, when):
        expected = self._pending.pop(when, None)
        if expected is None:
            return
        value = self.portfolio.cash_book.total_value_in_account_currency
        if round(value, 5) != round(expected, 5):
            raise AssertionError(f"{self.time}: cash {value}, expected {expected}")

    def on_data(self, slice):
        self._check_cash(datetime(self.time.year, self.time.month, self.time.day))
        day = self.time.day
        if self.transactions.orders_count == 0:
            holdings = self._future.holdings
            self._initial_portfolio_value = self.portfolio.total_portfolio_value - holdings.unrealized_profit
            self.market_order(self._symbol, self.side)
        elif day in (7, 8, 9) and self._last_day != day:
            self._last_day = day
            self.market_order(self._symbol, {7: 1, 8: -1, 9: -3}[day] * self.side)
        elif day == 10:
            if self._last_day != day:
                self._last_day = day
                self.market_order(self._symbol, -self.side)
            else:
                self.liquidate()

    def on_end_of_algorithm(self):
        assert_settled_flat(self, self._future.holdings, self._initial_portfolio_value)
        self._check_cash(self.time.replace(second=0, microsecond=0))
        if self._pending:  # every expected balance, the 17:00 one included, must have been checked
            raise AssertionError(f"cash never checked at {sorted(self._pending)}")
