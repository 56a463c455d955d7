"""Probe: the minute ES + GC futures template with extended market hours and seeded securities."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class BasicTemplateFuturesWithExtendedMarketAlgorithm(QCAlgorithm):
    """Buys one contract of the nearest chain member expiring after 90 days, flattens on the next slice."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.set_cash(1000000)
        self.contract_symbol = None
        for root in (Futures.Indices.SP500EMini, Futures.Metals.GOLD):
            self.add_future(root, extended_market_hours=True).set_filter(timedelta(0), timedelta(182))
        self.set_benchmark(self.add_equity("SPY").symbol)
        seeder = FuncSecuritySeeder(self.get_last_known_prices)
        self.set_security_initializer(lambda security: seeder.seed_security(security))

    def on_data(self, slice):
        if self.portfolio.invested:
            self.liquidate()
            return
        for chain in slice.future_chains.values():
            later = [c for c in chain if c.expiry > self.time + timedelta(90)]
            if later:
                pick = min(later, key=lambda c: c.expiry)
                self.contract_symbol = pick.symbol
                self.market_order(pick.symbol, 1)

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            symbol = security.symbol
            if symbol.security_type == SecurityType.FUTURE and not symbol.is_canonical() and not security.has_data:
                raise AssertionError(f"future contract was not seeded: {symbol}")

    def on_end_of_algorithm(self):
        model = self.securities[self.contract_symbol].buying_power_model
        for name in (
            "initial_overnight_margin_requirement",
            "maintenance_overnight_margin_requirement",
            "initial_intraday_margin_requirement",
            "maintenance_intraday_margin_requirement",
        ):
            getattr(model, name)
