"""A27: futures P&L is settled into cash daily; long initial holdings injected at 1600."""

from AlgorithmImports import *
from keel.regressions.algorithms._settlement_checks import assert_settled_flat


class FuturesDailySettlementLongRegressionAlgorithm(QCAlgorithm):
    """Trades the front ES contract on a fixed schedule and asserts the USD cash after each daily settlement."""

    # cash expected at the first slice of each day (after the previous day's settlement)
    expected_cash = {
        date(2013, 10, 7): 100000,
        date(2013, 10, 8): 103264.45,
        date(2013, 10, 9): 101231.05,
        date(2013, 10, 10): 101962.10,
    }

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self.set_cash(100000)
        es = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        front = sorted(self.future_chain_provider.get_future_contract_list(es, self.time), key=lambda s: s.id.date)[0]
        self._contract = self.add_future_contract(front)
        # initial holdings: long 1 at 1600
        self._contract.holdings.set_holdings(1600, 1)
        self._last_traded_day = 0
        self._pending_cash = dict(self.expected_cash)

    def cash(self):
        return self.portfolio.cash_book.total_value_in_account_currency

    def on_data(self, slice):
        expected = self._pending_cash.pop(self.time.date(), None)
        if expected is not None and round(self.cash(), 5) != expected:
            raise AssertionError(f"Unexpected cash {self.cash()} at {self.time}, expected {expected}")
        symbol = self._contract.symbol
        day = self.time.day
        if self.transactions.orders_count == 0:
            # initial trade
            self._initial_portfolio_value = self.portfolio.total_portfolio_value - self._contract.holdings.unrealized_profit
            self.market_order(symbol, 1)
        elif day == 7 and self._last_traded_day != day:
            self._last_traded_day = day
            self.market_order(symbol, 1)  # increase position
        elif day == 8 and self._last_traded_day != day:
            self._last_traded_day = day
            self.market_order(symbol, -1)  # reduce position
        elif day == 9 and self._last_traded_day != day:
            self._last_traded_day = day
            self.market_order(symbol, -3)  # cross position
        elif day == 10:
            if self._last_traded_day != day:
                self._last_traded_day = day
                self.market_order(symbol, -1)
            else:
                self.liquidate()  # finally liquidate

    def on_end_of_algorithm(self):
        # LEAN checks the 2013-10-10 17:00 cash (the end of the last session) here
        if round(self.cash(), 5) != 100905.65:
            raise AssertionError(f"Unexpected cash {self.cash()} at {self.time}, expected 100905.65")
        if self.portfolio.invested:
            raise AssertionError("Position should be flat")
        assert_settled_flat(self, self._contract.holdings, self._initial_portfolio_value)
