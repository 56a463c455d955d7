"""B2: ES + GC minute chains; hourly scheduled History(10, Minute) calls and per-added-security history."""

from AlgorithmImports import *


class BasicTemplateFuturesHistoryAlgorithm(QCAlgorithm):
    """No orders; constant benchmark; at least 42 scheduled history calls must return data."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 9)
        self.set_cash(1000000)
        extended_market_hours = self.get_extended_market_hours()
        future_es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE, extended_market_hours=extended_market_hours)
        future_es.set_filter(timedelta(0), timedelta(182))
        future_gc = self.add_future(Futures.Metals.GOLD, Resolution.MINUTE, extended_market_hours=extended_market_hours)
        future_gc.set_filter(timedelta(0), timedelta(182))
        self.set_benchmark(lambda x: 1000000)
        self.schedule.on(self.date_rules.every_day(), self.time_rules.every(timedelta(hours=1)), self.make_history_call)
        self._success_count = 0

    def make_history_call(self):
        history = self.history(list(self.securities.keys()), 10, Resolution.MINUTE)
        if len(history) < 10:
            raise AssertionError(f"Empty history at {self.time}")
        self._success_count += 1

    def on_end_of_algorithm(self):
        if self._success_count < self.get_expected_history_call_count():
            raise AssertionError(
                f"Scheduled history calls succeeded {self._success_count} times, expected {self.get_expected_history_call_count()}"
            )

    def on_data(self, slice):
        if self.portfolio.invested:
            return
        for chain in slice.futures_chains.values():
            for contract in chain:
                self.log(f"{contract.symbol.value},{contract.expiry},{contract.bid_price},{contract.ask_price}")

    def on_securities_changed(self, changes):
        for change in changes.added_securities:
            history = self.history(change.symbol, 10, Resolution.MINUTE)
            for row in history.tail(3).itertuples():
                self.log(f"History: {change.symbol}: {row}")

    def get_extended_market_hours(self):
        return False

    def get_expected_history_call_count(self):
        return 42
