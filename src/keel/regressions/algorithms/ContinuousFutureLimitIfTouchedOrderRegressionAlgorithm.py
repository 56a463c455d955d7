"""A17: limit-if-touched sell of the mapped ES contract at the continuous price; must fill."""

from AlgorithmImports import *


class ContinuousFutureLimitIfTouchedOrderRegressionAlgorithm(QCAlgorithm):
    """On the first slice: LimitIfTouchedOrder(mapped, -1, trigger = limit = continuous price); held to the end."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 10)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )
        self._ticket = None

    def on_data(self, slice):
        if self._ticket is None:
            price = self._continuous_contract.price
            self._ticket = self.limit_if_touched_order(self._continuous_contract.mapped, -1, price, price)

    def on_end_of_algorithm(self):
        if self._ticket is None or self._ticket.status != OrderStatus.FILLED:
            raise AssertionError("Order should be filled")
