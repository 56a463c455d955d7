# Keel example: an SMA crossover on continuous E-mini S&P 500 futures.
#
# Trades the currently mapped contract of the continuous future on 5-minute bars, protects
# each position with a stop-market order, and rolls the position when the continuous
# contract maps to a new contract. Runs unchanged as a backtest, paper or live algorithm.
from AlgorithmImports import *


class FuturesSmaCrossover(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 31)
        self.set_cash(250_000)
        self.fast_period = self.get_parameter("fast", 10)
        self.slow_period = self.get_parameter("slow", 30)
        self.future = self.add_future(
            Futures.Indices.SP500EMini,
            Resolution.MINUTE,
            extended_market_hours=True,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
        )
        self.fast = SimpleMovingAverage(self.fast_period)
        self.slow = SimpleMovingAverage(self.slow_period)
        self.consolidate(self.future.symbol, timedelta(minutes=5), self.on_five_minutes)
        self.stop_ticket = None

    def on_five_minutes(self, bar):
        self.fast.update(bar.end_time, bar.close)
        self.slow.update(bar.end_time, bar.close)
        if not self.slow.is_ready or self.future.mapped is None:
            return
        contract = self.future.mapped
        holding = self.portfolio[contract].quantity
        if self.fast.current.value > self.slow.current.value and holding <= 0:
            self.enter(contract, 1 - holding, bar.close, -20)
        elif self.fast.current.value < self.slow.current.value and holding >= 0:
            self.enter(contract, -1 - holding, bar.close, 20)

    def enter(self, contract, quantity, price, stop_distance):
        if self.stop_ticket is not None and self.stop_ticket.status not in (OrderStatus.FILLED, OrderStatus.CANCELED):
            self.stop_ticket.cancel("replaced by a new signal")
        ticket = self.market_order(contract, quantity, tag="signal")
        if ticket.status == OrderStatus.FILLED:
            position = self.portfolio[contract].quantity
            tick = self.securities[contract].symbol_properties.minimum_price_variation
            stop = round((ticket.average_fill_price + stop_distance) / tick) * tick
            self.stop_ticket = self.stop_market_order(contract, -position, stop, tag="protective stop")

    def on_symbol_changed_events(self, symbol_changed_events):
        for changed in symbol_changed_events.values():
            old_quantity = self.portfolio[changed.old_symbol].quantity
            if old_quantity:
                self.log(f"rolling {old_quantity} from {changed.old_symbol} to {changed.new_symbol}")
                self.liquidate(changed.old_symbol, tag="roll")
                self.market_order(changed.new_symbol, old_quantity, tag="roll")

    def on_order_event(self, order_event):
        if order_event.status == OrderStatus.FILLED:
            self.debug(f"{order_event.symbol} filled {order_event.fill_quantity} @ {order_event.fill_price}")

    def on_end_of_algorithm(self):
        self.log(f"final portfolio value {self.portfolio.total_portfolio_value:,.2f}")
