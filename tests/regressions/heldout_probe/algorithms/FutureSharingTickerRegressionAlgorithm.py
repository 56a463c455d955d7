"""Probe: two futures universes sharing the ticker GC in different markets (COMEX has data, NYMEX none)."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class FutureSharingTickerRegressionAlgorithm(QCAlgorithm):
    """Buys one contract of the first chain expiring more than 90 days out, then holds."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.add_future(Futures.Metals.GOLD, market=Market.COMEX).set_filter(0, 182)
        # there is no NYMEX gold: added only to show the two canonical symbols coexist
        self.add_future(Futures.Metals.GOLD, market=Market.NYMEX).set_filter(0, 182)

    def on_data(self, slice):
        if self.portfolio.invested:
            return
        for chain in slice.future_chains.values():
            later = sorted(
                (c for c in chain if c.expiry > self.time.replace(hour=0, minute=0) + timedelta(90)),
                key=lambda c: c.expiry,
            )
            if later:
                self.market_order(later[0].symbol, 1)
