"""B20: a manually added ES Dec-2013 contract (daily) removed every tradable day at midnight and
re-added from on_securities_changed: it is the same security, non-tradable while removed, tradable
again, and the security initializer (a seeding one) runs exactly once per addition.
(LEAN's SecurityInitializationOnReAdditionForManuallyAddedFutureContractRegressionAlgorithm.)"""

from AlgorithmImports import *


class SecurityInitializationOnReAdditionForManuallyAddedFutureContractRegressionAlgorithm(QCAlgorithm):
    """Remove at midnight, re-add on the removal notice, count initializations."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 17)
        self._security = None
        self._security_was_removed = False
        self._initialization_counts = {}

        def seed(security):
            self._initialization_counts[security] = self._initialization_counts.get(security, 0) + 1
            self.debug(f"[{self.time}] Seeding {security.symbol}")
            return self.get_last_known_prices(security)

        seeder = FuncSecuritySeeder(seed)
        self.set_security_initializer(lambda security: seeder.seed_security(security))
        self._security = self._add_security_impl()
        self._tradable_dates = [
            d for d in (self.start_date + timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1))
            if self._security.exchange.hours.is_date_open(d.date())
        ]
        self.schedule.on(self.date_rules.every_day(self._security.symbol), self.time_rules.midnight, self._remove)

    def _remove(self):
        current = self._tradable_dates.pop(0)
        if current.date() != self.time.date():
            raise AssertionError(f"Expected the current tradable date to be {self.time.date()}. Got {current}")
        if self.time == self.start_date:
            return
        self._assert_initialization_count(self._security)
        self.debug(f"[{self.time}] Removing the security")
        self._security_was_removed = self.remove_security(self._security.symbol)
        if not self._security_was_removed:
            raise AssertionError("Expected the security to be removed")
        if self._security.is_tradable:
            raise AssertionError("Expected the security to be not tradable after removing it")

    def _add_security_impl(self):
        self._initialization_counts.clear()
        security = self.add_future_contract(
            Symbol.create_future(Futures.Indices.SP_500_E_MINI, Market.CME, datetime(2013, 12, 20)), Resolution.DAILY
        )
        if self._security is not None and security is not self._security:
            raise AssertionError("Expected the security to be the same as the original security")
        self._assert_initialization_count(security)
        return security

    def on_securities_changed(self, changes):
        if self._security_was_removed:
            if len(changes.added_securities) > 0:
                raise AssertionError(f"Expected no securities to be added. Got {len(changes.added_securities)}")
            if self._security not in changes.removed_securities:
                raise AssertionError(f"Expected the security to be removed. Got {len(changes.removed_securities)}")
            self._security_was_removed = False
            self.debug(f"[{self.time}] Re-adding the security")
            re_added = self._add_security_impl()
            if re_added is not self._security:
                raise AssertionError("Expected the re-added security to be the same as the original security")
            if not re_added.is_tradable:
                raise AssertionError("Expected the re-added security to be tradable")
        elif self._security not in changes.added_securities:
            raise AssertionError("Expected the security to be added back")

    def on_end_of_algorithm(self):
        if self._tradable_dates:
            raise AssertionError(f"Expected no more tradable dates. Still have {len(self._tradable_dates)}")

    def _assert_initialization_count(self, security):
        if len(self._initialization_counts) != 1:
            raise AssertionError(f"Expected only one security to be initialized. Got {len(self._initialization_counts)}")
        count = self._initialization_counts.get(security, 0)
        if count != 1:
            raise AssertionError(f"Expected the security to be initialized once and once only, but was initialized {count} times")
