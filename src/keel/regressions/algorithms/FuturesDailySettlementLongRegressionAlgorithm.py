"""A27: futures P&L is settled into cash daily; long initial holdings injected at 1600."""

from AlgorithmImports import *


class FuturesDailySettlementLongRegressionAlgorithm(QCAlgorithm):
    """Trades the front ES contract on a fixed schedule and asserts the USD cash after each daily settlement."""

    # cash expected at the first slice of each day (after the previous day's settlement)
    expected_cash = {
        date(2013, 10, 7): 100000,
        date(2013, 10, 8): 103264.45,
        date(2013, 10, 9): 101231.05,
        date(2013, 10, 10): 101962.10,
    }
    # orders placed on the first slice of each day (None = Liquidate)
    orders = {
        date(2013, 10, 7): [1, 1],
        date(2013, 10, 8): [-1],
        date(2013, 10, 9): [-3],
        date(2013, 10, 10): [-1, None],
    }

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self.set_cash(100000)
        es = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        front = sorted(self.futures_chain(es), key=lambda c: c.expiry)[0]
        self._contract = self.add_future_contract(front.symbol)
        # initial holdings: long 1 at 1600
        self._contract.holdings.set_holdings(1600, 1)
        self._last_date = None
        self.schedule.on(self.date_rules.on(2013, 10, 10), self.time_rules.at(17, 0), self.assert_final_cash)

    def cash(self):
        return self.portfolio.cash_book["USD"].amount

    def on_data(self, slice):
        today = self.time.date()
        if today == self._last_date or not slice.contains_key(self._contract.symbol):
            return
        self._last_date = today
        expected = self.expected_cash.get(today)
        if expected is not None and round(self.cash(), 2) != expected:
            raise AssertionError(f"Unexpected cash {self.cash()} at {self.time}, expected {expected}")
        for quantity in self.orders.get(today, []):
            if quantity is None:
                self.liquidate()
            else:
                self.market_order(self._contract.symbol, quantity)

    def assert_final_cash(self):
        if round(self.cash(), 2) != 100905.65:
            raise AssertionError(f"Unexpected cash {self.cash()} at {self.time}, expected 100905.65")

    def on_end_of_algorithm(self):
        if self.portfolio.invested:
            raise AssertionError("Position should be flat")
        tpv = self.portfolio.total_portfolio_value
        if round(tpv, 2) != round(self.cash(), 2):
            raise AssertionError(f"Total portfolio value {tpv} should equal cash {self.cash()}")
        if self._contract.settlement_model is not None and getattr(self._contract.holdings, "settled_profit", 0) != 0:
            raise AssertionError("Settled profit should be 0 at the end")
