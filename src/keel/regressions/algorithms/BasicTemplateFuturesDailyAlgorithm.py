"""A3: ES + GC daily chains; buy the first contract expiring after 90 days, liquidate when every exchange is open."""

from AlgorithmImports import *


class BasicTemplateFuturesDailyAlgorithm(QCAlgorithm):
    """LEAN's daily futures template (``get_resolution``/``get_extended_market_hours`` are overridden by A5)."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2014, 10, 10)
        self.set_cash(1000000)
        resolution = self.get_resolution()
        extended_market_hours = self.get_extended_market_hours()
        self.future_sp500 = self.add_future(
            Futures.Indices.SP500EMini, resolution, extended_market_hours=extended_market_hours
        )
        self.future_gold = self.add_future(Futures.Metals.GOLD, resolution, extended_market_hours=extended_market_hours)
        self.future_sp500.set_filter(timedelta(0), timedelta(182))
        self.future_gold.set_filter(0, 182)

    def on_data(self, slice):
        if not self.portfolio.invested:
            for chain in slice.futures_chains.values():
                contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
                if len(contracts) == 0:
                    continue
                contract = sorted(contracts, key=lambda x: x.expiry)[0]
                self.market_order(contract.symbol, 1)
        # same as above, check for cases like trading on a friday night
        elif all(x.exchange.hours.is_open(self.time, True) for x in self.securities.values() if x.invested):
            self.liquidate()

    def on_securities_changed(self, changes):
        if (
            len(changes.removed_securities) > 0
            and self.portfolio.invested
            and all(x.exchange.hours.is_open(self.time, True) for x in self.securities.values() if x.invested)
        ):
            self.liquidate()

    def get_resolution(self):
        return Resolution.DAILY

    def get_extended_market_hours(self):
        return False
