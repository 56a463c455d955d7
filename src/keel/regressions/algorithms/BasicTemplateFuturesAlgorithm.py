"""A1: ES + GC minute chains; buy the first contract expiring after 90 days, flat on the next slice."""

from AlgorithmImports import *


class BasicTemplateFuturesAlgorithm(QCAlgorithm):
    """Alternates buy-1 / liquidate every minute for both roots; seeds new securities with last prices."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.set_cash(1000000)
        self.contract_symbol = None
        self.futures_sp500 = self.add_future(Futures.Indices.SP500EMini)
        self.future_gold = self.add_future(Futures.Metals.GOLD)
        self.futures_sp500.set_filter(timedelta(0), timedelta(182))
        self.future_gold.set_filter(0, 182)
        benchmark = self.add_equity("SPY")
        self.set_benchmark(benchmark.symbol)
        seeder = FuncSecuritySeeder(self.get_last_known_prices)
        self.set_security_initializer(lambda security: seeder.seed_security(security))

    def on_data(self, slice):
        if not self.portfolio.invested:
            for chain in slice.futures_chains.values():
                contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
                if not contracts:
                    continue
                front = sorted(contracts, key=lambda x: x.expiry)[0]
                self.contract_symbol = front.symbol
                self.market_order(front.symbol, 1)
        else:
            self.liquidate()

    def on_end_of_algorithm(self):
        # LEAN asserts the margin of the last contract traded was set from the margins file
        if self.contract_symbol is not None:
            buying_power_model = self.securities[self.contract_symbol].buying_power_model
            initial = buying_power_model.initial_overnight_margin_requirement
            if initial == 0:
                raise AssertionError("Unexpected initial overnight margin requirement (0)")
