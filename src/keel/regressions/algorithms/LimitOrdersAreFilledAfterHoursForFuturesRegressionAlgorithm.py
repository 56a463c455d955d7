"""A23: marketable limit orders on ES fill after regular hours; market-on-open orders are invalid after hours."""

from AlgorithmImports import *


class LimitOrdersAreFilledAfterHoursForFuturesRegressionAlgorithm(QCAlgorithm):
    """Continuous ES + the first chain contract, both with extended hours."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 10)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            extended_market_hours=True,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )
        first = next(iter(self.futures_chain(self._continuous_contract.symbol)))
        self._future_contract = self.add_future_contract(first.symbol, extended_market_hours=True)

    def on_warmup_finished(self):
        # right after warm-up the exchange is outside regular hours: MOO orders must be rejected for futures
        if self._future_contract.exchange.exchange_open:
            raise AssertionError(f"We should be outside regular market hours at {self.time}")
        ticket = self.market_on_open_order(self._future_contract.symbol, 1)
        if ticket.status != OrderStatus.INVALID:
            raise AssertionError("MarketOnOpen orders should be invalid for futures outside regular hours")

    def on_data(self, slice):
        # limit orders can be placed and filled after regular hours
        if self.time.hour > 17 and not self.portfolio.invested:
            self.limit_order(self._future_contract.symbol, 1, self._future_contract.price * 2)
            self.limit_order(self._continuous_contract.mapped, 1, self._continuous_contract.price * 2)

    def on_order_event(self, order_event):
        if order_event.status == OrderStatus.FILLED:
            security = self.securities[order_event.symbol]
            if security.exchange.hours.is_open(security.local_time, False):
                raise AssertionError(f"Limit order should have been filled after regular hours, filled at {self.time}")

    def on_end_of_algorithm(self):
        filled = [o for o in self.transactions.get_orders() if o.status == OrderStatus.FILLED]
        if len(filled) != 2:
            raise AssertionError(f"Expected 2 filled limit orders, got {len(filled)}")
