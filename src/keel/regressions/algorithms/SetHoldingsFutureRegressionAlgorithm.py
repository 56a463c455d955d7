"""A29: set_holdings on a future: targets outside [-1, 1] throw; +1, then -1 (reverse), then liquidate."""

from AlgorithmImports import *


class SetHoldingsFutureRegressionAlgorithm(QCAlgorithm):
    """Margin-based position sizing of set_holdings for futures, with leverage and margin asserts."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.set_cash(1000000)
        future = self.add_future(Futures.Indices.SP500EMini)
        future.set_filter(0, 182)
        self._contract = None
        self._step = 0

    def on_data(self, slice):
        if self._contract is None:
            for chain in slice.futures_chains.values():
                contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
                if contracts:
                    self._contract = sorted(contracts, key=lambda x: x.expiry)[0].symbol
            if self._contract is None:
                return
        if self._step == 0:
            for target in (1.1, -1.1):
                try:
                    self.set_holdings(self._contract, target)
                except Exception:
                    continue
                raise AssertionError(f"set_holdings({target}) on a future should throw")
            self.set_holdings(self._contract, 1)
        elif self._step == 1:
            self.set_holdings(self._contract, -1)
        elif self._step == 2:
            self.liquidate()
        self._step += 1

    def on_order_event(self, order_event):
        if order_event.status != OrderStatus.FILLED or self._step > 2:
            return
        security = self.securities[order_event.symbol]
        holdings = self.portfolio[order_event.symbol]
        if holdings.quantity == 0:
            return
        tpv = self.portfolio.total_portfolio_value
        if abs(holdings.holdings_value) / tpv < 10:
            raise AssertionError(f"Expected leverage >= 10, got {abs(holdings.holdings_value) / tpv}")
        model = security.buying_power_model
        expected_margin = model.maintenance_overnight_margin_requirement * abs(holdings.quantity)
        if abs(self.portfolio.total_margin_used - expected_margin) > 1e-6:
            raise AssertionError(f"Margin used {self.portfolio.total_margin_used} != maintenance x qty {expected_margin}")
        initial = model.initial_overnight_margin_requirement
        if tpv - initial * abs(holdings.quantity) >= initial:
            raise AssertionError("There was room for one more contract")
