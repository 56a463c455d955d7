"""LEAN's pre-order checks for auction orders and order-price rounding of adjusted equities (SPY)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.securities.testing import make_equity


class _Auctions(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol  # noqa: F405
        self.tickets: dict[str, Any] = {}

    def on_data(self, slice: Any) -> None:
        t, day = (self.time.hour, self.time.minute), self.time.day
        if day == 7 and t == (12, 0):
            self.tickets["moo_open_market"] = self.market_on_open_order(self.spy, 1)
            self.tickets["limit"] = self.limit_order(self.spy, 1, self.securities[self.spy].close * 0.99123)
        if day == 7 and t == (15, 44):
            self.tickets["moc_in_time"] = self.market_on_close_order(self.spy, 1)
        if day == 7 and t == (15, 45):
            self.tickets["moc_late"] = self.market_on_close_order(self.spy, 1)
        if day == 7 and t == (16, 0):
            self.tickets["moo_after_close"] = self.market_on_open_order(self.spy, 1)


def test_auction_order_checks_and_unrounded_adjusted_prices(lean_data: Path) -> None:
    run = run_backtest(_Auctions, lean_data)
    tickets = run.algorithm.tickets
    moo = tickets["moo_open_market"]
    assert moo.status == OrderStatus.INVALID  # noqa: F405
    assert moo.submit_response.error_code == OrderResponseErrorCode.MARKET_ON_OPEN_NOT_ALLOWED_DURING_REGULAR_HOURS  # noqa: F405
    late = tickets["moc_late"]
    assert late.status == OrderStatus.INVALID  # noqa: F405
    assert late.submit_response.error_code == OrderResponseErrorCode.MARKET_ON_CLOSE_ORDER_TOO_LATE  # noqa: F405
    assert "00:15:30" in late.submit_response.error_message
    assert tickets["moc_in_time"].status == OrderStatus.FILLED  # noqa: F405
    assert tickets["moo_after_close"].status == OrderStatus.FILLED  # noqa: F405
    # adjusted prices are off any tick grid: LEAN does not round them (AdjustedPriceVariationModel)
    limit = run.algorithm.transactions.get_order_by_id(tickets["limit"].order_id).limit_price
    assert round(limit, 2) != limit


def test_submission_buffer_is_settable_lean_style() -> None:
    default = MarketOnCloseOrder.SubmissionTimeBuffer  # noqa: F405
    assert default == timedelta(minutes=15.5) == MarketOnCloseOrder.DefaultSubmissionTimeBuffer  # noqa: F405
    try:
        MarketOnCloseOrder.SubmissionTimeBuffer = timedelta(minutes=10)  # noqa: F405
        assert MarketOnCloseOrder.submission_time_buffer == timedelta(minutes=10)  # noqa: F405
    finally:
        MarketOnCloseOrder.SubmissionTimeBuffer = default  # noqa: F405


def test_equity_price_increment_depends_on_normalization() -> None:
    spy = make_equity()
    assert spy.get_minimum_price_variation(150.0) == 0.0  # adjusted by default
    spy.set_data_normalization_mode(DataNormalizationMode.RAW)  # noqa: F405
    assert spy.get_minimum_price_variation(150.0) == 0.01
    assert spy.get_minimum_price_variation(0.5) == 0.0001
