"""B20: a manually added ES contract removed and re-added every tradable day is re-initialized (and re-seeded)."""

from AlgorithmImports import *


class SecurityInitializationOnReAdditionForManuallyAddedFutureContractRegressionAlgorithm(QCAlgorithm):
    """The security initializer/seeder must run again on every re-addition."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 17)
        seeder = FuncSecuritySeeder(self.get_last_known_prices)
        self._initializations = {}

        def initializer(security):
            seeder.seed_security(security)
            self._initializations[security.symbol] = self._initializations.get(security.symbol, 0) + 1

        self.set_security_initializer(initializer)
        self._symbol = Symbol.create_future(Futures.Indices.SP500EMini, Market.CME, datetime(2013, 12, 20))
        self._contract = self.add_future_contract(self._symbol, Resolution.DAILY)
        self._readditions = 0
        self.schedule.on(self.date_rules.every_day(self._symbol), self.time_rules.midnight, self.remove_and_readd)

    def remove_and_readd(self):
        if self.time.date() == self.start_date.date():
            return
        before = self._initializations.get(self._symbol, 0)
        self.remove_security(self._symbol)
        if self._contract.is_tradable:
            raise AssertionError(f"Removed security {self._symbol} should not be tradable")
        self._contract = self.add_future_contract(self._symbol, Resolution.DAILY)
        self._readditions += 1
        if self._initializations.get(self._symbol, 0) != before + 1:
            raise AssertionError("The security initializer did not run on re-addition")
        if self._contract.price == 0:
            raise AssertionError("The re-added security was not seeded")

    def on_end_of_algorithm(self):
        if self._readditions == 0:
            raise AssertionError("The contract was never re-added")
