"""Order API semantics through real backtests on LEAN's sample data (ES, 2013-10-08)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.symbol import lean_key_order


def run_once(lean_data: Path, act: Callable[[QCAlgorithm], None], brokerage: Any = None, **settings: Any) -> Any:  # noqa: F405
    """Run a one-day ES algorithm whose first regular-hours slice calls ``act(self)``."""

    class OneShot(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(2013, 10, 8)
            self.set_end_date(2013, 10, 8)
            if brokerage is not None:
                self.set_brokerage_model(brokerage)
            for key, value in settings.items():
                setattr(self.settings, key, value)
            self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
            self.events: list[Any] = []
            self.done = False
            self.initialize_time = self.time

        def on_data(self, slice: Any) -> None:
            if not self.done and self.future.mapped is not None and self.securities[self.future.mapped].price:
                self.done = True
                act(self)

        def on_order_event(self, order_event: Any) -> None:
            self.events.append(order_event)

    return run_backtest(OneShot, lean_data)


def test_time_is_the_start_date_during_initialize(lean_data: Path) -> None:
    run = run_once(lean_data, lambda a: None)
    assert run.algorithm.initialize_time == datetime(2013, 10, 8)


def test_zero_quantity_and_unknown_symbol_are_invalid_tickets_not_counted(lean_data: Path) -> None:
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        tickets["zero"] = a.market_order(a.future.mapped, 0)
        tickets["unknown"] = a.market_order("NOPE", 1)
        tickets["canonical"] = a.market_order(a.future.symbol, 1)

    run = run_once(lean_data, act)
    for ticket in tickets.values():
        assert ticket.status == OrderStatus.INVALID  # noqa: F405
        assert ticket.submit_response.is_error
    assert "zero" in tickets["zero"].submit_response.error_message
    assert run.statistics["Total Orders"] == "0"


def test_limit_order_rounds_off_tick_prices_like_lean(lean_data: Path) -> None:
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        price = a.securities[a.future.mapped].price
        tickets["limit"] = a.limit_order(a.future.mapped, 1, price - 10.1)

    run = run_once(lean_data, act)
    order = run.algorithm.transactions.get_order_by_id(tickets["limit"].order_id)
    assert order.limit_price % 0.25 == 0
    # the market fell more than 10 points that day: the rounded limit was reached and respected
    assert tickets["limit"].status == OrderStatus.FILLED  # noqa: F405
    assert tickets["limit"].average_fill_price <= order.limit_price
    assert any("rounded" in line for line in run.result.logs)


def test_trading_technologies_rejects_off_tick_prices(lean_data: Path) -> None:
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        price = a.securities[a.future.mapped].price
        tickets["limit"] = a.limit_order(a.future.mapped, 1, price - 10.1)

    run = run_once(lean_data, act, BrokerageName.TRADING_TECHNOLOGIES)  # noqa: F405
    ticket = tickets["limit"]
    assert ticket.status == OrderStatus.INVALID  # noqa: F405
    assert "minimum price variation" in ticket.order_events[-1].message
    assert run.statistics["Total Orders"] == "1"


def test_day_order_expires_at_the_close_and_gtc_survives(lean_data: Path) -> None:
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        price = a.securities[a.future.mapped].price
        tickets["day"] = a.limit_order(
            a.future.mapped,
            1,
            price - 50,
            order_properties=OrderProperties(TimeInForce.DAY),  # noqa: F405
        )
        tickets["gtc"] = a.limit_order(a.future.mapped, 1, price - 50)

    run_once(lean_data, act)
    day, gtc = tickets["day"], tickets["gtc"]
    assert day.status == OrderStatus.CANCELED  # noqa: F405
    assert "expired" in day.order_events[-1].message.lower()
    cancel_time = day.order_events[-1].utc_time
    assert cancel_time.time() >= time(21, 0)  # 17:00 New York = 21:00 UTC in October
    assert gtc.status == OrderStatus.SUBMITTED  # noqa: F405


def test_update_and_cancel_of_open_order_and_update_of_filled_order(lean_data: Path) -> None:
    results: dict[str, Any] = {}

    def act(a: Any) -> None:
        contract = a.future.mapped
        price = a.securities[contract].price
        limit = a.limit_order(contract, 1, price - 20)
        results["update"] = limit.update(UpdateOrderFields(limit_price=price - 21, tag="moved"))  # noqa: F405
        results["limit_after_update"] = limit.get(OrderField.LIMIT_PRICE)  # noqa: F405
        results["cancel"] = limit.cancel("bye")
        results["cancel_again"] = limit.cancel()
        market = a.market_order(contract, 1)
        results["market_status"] = market.status
        results["filled_update"] = market.update_quantity(2)
        results["limit"] = limit
        results["market"] = market

    run = run_once(lean_data, act)
    assert results["update"].is_success
    assert results["limit_after_update"] % 0.25 == 0
    assert results["cancel"].is_success and results["cancel_again"].is_error
    assert results["limit"].status == OrderStatus.CANCELED  # noqa: F405
    assert results["market_status"] == OrderStatus.FILLED  # noqa: F405
    assert results["filled_update"].is_error
    market = results["market"]
    refusals = [e for e in run.algorithm.events if e.order_id == market.order_id and e.status == OrderStatus.INVALID]  # noqa: F405
    assert len(refusals) == 1 and "Unable to update" in refusals[0].message
    assert market.status == OrderStatus.FILLED  # noqa: F405  the refusal does not undo the fill
    assert results["market"].quantity_filled == 1


def test_stop_market_order_triggers_when_price_crosses(lean_data: Path) -> None:
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        contract = a.future.mapped
        price = a.securities[contract].price
        a.market_order(contract, 1)
        tickets["stop"] = a.stop_market_order(contract, -1, price + 0.25)

    run_once(lean_data, act)
    stop = tickets["stop"]
    assert stop.status == OrderStatus.FILLED  # noqa: F405
    assert stop.quantity_filled == -1


def test_futures_chain_contracts_and_provider(lean_data: Path) -> None:
    seen: dict[str, Any] = {}

    def act(a: Any) -> None:
        chain = a.futures_chain(a.future.symbol)
        seen["contracts"] = list(chain)
        seen["symbols"] = a.future_chain_provider.get_future_contract_list(a.future.symbol, a.time)

    run_once(lean_data, act)
    contracts = seen["contracts"]
    assert contracts and all(c.expiry > datetime(2013, 10, 8) for c in contracts)
    assert contracts[0].open_interest > 0
    # the same contracts; the provider keeps the file's order, the chain LEAN's DataDictionary key order
    assert {c.symbol for c in contracts} == set(seen["symbols"])
    assert [c.symbol for c in contracts] == sorted(seen["symbols"], key=lean_key_order)


def test_lean_spellings_of_flags(lean_data: Path) -> None:
    seen: dict[str, Any] = {}

    def act(a: Any) -> None:
        seen["canonical_call"] = a.future.symbol.is_canonical()
        seen["canonical_prop"] = bool(a.future.symbol.is_canonical)
        seen["contract_call"] = a.future.mapped.is_canonical()
        seen["open"] = a.securities[a.future.mapped].exchange.hours.is_open(a.time, False)
        seen["invested"] = a.securities[a.future.mapped].invested
        seen["expiry_date"] = a.future.mapped.id.date.date()

    run_once(lean_data, act)
    assert seen["canonical_call"] is True and seen["canonical_prop"] is True and seen["contract_call"] is False
    assert seen["open"] is True and seen["invested"] is False
    assert seen["expiry_date"] > datetime(2013, 10, 8).date()


def test_set_holdings_above_one_raises_for_futures(lean_data: Path) -> None:
    def act(a: Any) -> None:
        a.set_holdings(a.future.mapped, 1.1)

    with pytest.raises(Exception, match="leveraged target"):
        run_once(lean_data, act)


def test_set_holdings_sizes_futures_by_margin(lean_data: Path) -> None:
    def act(a: Any) -> None:
        a.set_holdings(a.future.mapped, 0.5)

    run = run_once(lean_data, act)
    orders = run.algorithm.transactions.get_orders()
    assert len(orders) == 1
    # $100,000 x 0.5 x (1 - 0.0025) / $4,180 initial margin (ES, 2013-10-03 row) -> 11 contracts
    assert orders[0].quantity == 11
    _ = timedelta


class EndOfDay(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 9)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.calls: list[tuple[Any, datetime]] = []

    def on_end_of_day(self, symbol: Any) -> None:
        self.calls.append((symbol, self.time))


def test_on_end_of_day_runs_ten_minutes_before_the_close(lean_data: Path) -> None:
    run = run_backtest(EndOfDay, lean_data)
    calls = run.algorithm.calls
    assert calls, "on_end_of_day was never called"
    assert {t.time() for _, t in calls} == {time(16, 50)}
    assert {t.date() for _, t in calls} == {datetime(2013, 10, 8).date(), datetime(2013, 10, 9).date()}
    assert run.algorithm.future.symbol in {s for s, _ in calls}


class MarketOpenProbe(QCAlgorithm):  # noqa: F405
    """Extended-hours ES: records ``is_market_open`` at every slice of one trading day."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.future = self.add_future(Futures.Indices.SP500EMini, extended_market_hours=True)  # noqa: F405
        self.seen: dict[datetime, bool] = {}

    def on_data(self, slice: Any) -> None:
        self.seen[self.time] = self.is_market_open(self.future.symbol)


def test_is_market_open_ignores_extended_hours(lean_data: Path) -> None:
    """LEAN's ``QCAlgorithm.IsMarketOpen`` asks for the regular session only (``IsMarketOpen(false)``),
    even when the subscription streams extended-hours data."""
    seen = run_backtest(MarketOpenProbe, lean_data).algorithm.seen
    pre_market = datetime(2013, 10, 8, 8, 0)
    regular = datetime(2013, 10, 8, 10, 0)
    assert pre_market in seen and seen[pre_market] is False
    assert seen[regular] is True
    # the slice at the 17:00 close holds the 16:59-17:00 bar, yet the market is closed (no bar allowance)
    assert seen[datetime(2013, 10, 8, 17, 0)] is False


def test_transactions_cancel_order_returns_the_ticket_like_lean(lean_data: Path) -> None:
    seen: dict[str, Any] = {}

    def act(a: Any) -> None:
        price = a.securities[a.future.mapped].price
        placed = a.limit_order(a.future.mapped, 1, price - 50)
        seen["placed"] = placed
        seen["cancelled"] = a.Transactions.CancelOrder(placed.OrderId, "by id")
        seen["unknown"] = a.transactions.cancel_order(999, "nobody")

    run_once(lean_data, act)
    assert seen["cancelled"] is seen["placed"] and seen["placed"].status == OrderStatus.CANCELED  # noqa: F405
    assert seen["placed"].cancel_request.response.is_success
    unknown = seen["unknown"]  # LEAN's OrderTicket.InvalidCancelOrderId
    assert (unknown.order_id, unknown.quantity, unknown.tag, unknown.status) == (999, 0, "nobody", OrderStatus.INVALID)  # noqa: F405
    assert unknown.cancel_request.response.error_code == OrderResponseErrorCode.UNABLE_TO_FIND_ORDER  # noqa: F405
    assert unknown.cancel_request.order_id == 999


def test_pascal_case_methods_take_lean_camel_case_keywords(lean_data: Path) -> None:
    seen: dict[str, Any] = {}

    def act(a: Any) -> None:
        properties = OrderProperties()  # noqa: F405
        properties.time_in_force = TimeInForce.DAY  # noqa: F405
        price = a.Securities[a.future.mapped].Price
        seen["ticket"] = a.LimitOrder(a.future.mapped, 1, price - 50, tag="camel", orderProperties=properties)

    run = run_once(lean_data, act)
    order = run.algorithm.transactions.get_order_by_id(seen["ticket"].order_id)
    assert order.tag == "camel" and order.properties.time_in_force == TimeInForce.DAY  # noqa: F405


def test_quantities_are_rounded_toward_zero_to_the_lot_size_like_lean(lean_data: Path) -> None:
    """LEAN's ``BrokerageTransactionHandler.RoundOffOrder`` (ES lot size 1), warned once; below one
    lot the pre-order check refuses the order first (``OrderQuantityLessThanLotSize``)."""
    tickets: dict[str, Any] = {}

    def act(a: Any) -> None:
        price = a.securities[a.future.mapped].price
        tickets["buy"] = a.limit_order(a.future.mapped, 1.5, price - 50)
        tickets["sell"] = a.limit_order(a.future.mapped, -2.7, price + 50)
        tickets["half"] = a.limit_order(a.future.mapped, 0.5, price - 50)

    run = run_once(lean_data, act)
    orders = run.algorithm.transactions
    assert [orders.get_order_by_id(tickets[k].order_id).quantity for k in ("buy", "sell")] == [1.0, -2.0]
    assert (tickets["buy"].quantity, tickets["sell"].quantity) == (1.0, -2.0)
    assert tickets["half"].status == OrderStatus.INVALID  # noqa: F405
    assert tickets["half"].submit_response.error_code == OrderResponseErrorCode.ORDER_QUANTITY_LESS_THAN_LOT_SIZE  # noqa: F405
    assert sum("rounded to the nearest lot size of 1" in line for line in run.result.logs) == 1
