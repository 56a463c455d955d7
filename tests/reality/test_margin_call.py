from datetime import date, datetime, timedelta

from keel.model.enums import OrderDirection, OrderStatus
from keel.model.orders import CashAmount, OrderEvent, OrderFee
from keel.reality.buying_power import FutureMarginModel
from keel.reality.future_margins import MarginRequirementsEntry
from keel.reality.margin_call import MARGIN_CALL_TAG, DefaultMarginCallModel, MarginCallModel
from keel.securities.testing import feed, make_future, make_portfolio, trade_bar

LOCAL = datetime(2013, 10, 8, 10, 0)
ROWS = [MarginRequirementsEntry(date(2013, 10, 3), 4180, 3800, 0, 0)]


def _setup(cash, qty, price=1660.0):
    p = make_portfolio(cash)
    es = make_future(p)
    es.buying_power_model = FutureMarginModel(0.0, es, ROWS)
    feed(es, trade_bar(es, LOCAL, price, price, price, price))
    es.holdings.set_holdings(1660.0, qty)
    return p, es


def test_no_margin_used_no_call():
    p, _ = _setup(100_000, 0)
    assert p.margin_call_model.get_margin_call_orders() == ([], False)


def test_warning_below_five_percent():
    p, _ = _setup(100_000, 25)  # margin used 95,000 of ~100,000
    orders, warning = p.margin_call_model.get_margin_call_orders()
    assert orders == [] and warning


def test_margin_call_orders_sized_to_restore_margin_and_executed():
    p, _ = _setup(100_000, 25, price=1640.0)  # loses 25k: TPV ~75k, margin used 95k
    orders, warning = p.margin_call_model.GetMarginCallOrders()
    assert warning and len(orders) == 1
    request = orders[0]
    assert request.tag == MARGIN_CALL_TAG and request.quantity < 0
    # target keeps used margin at TPV: (95000 - excess) / 3800 contracts held, initial margin sizing
    tpv = p.total_portfolio_value
    keep = 95_000 - (95_000 - tpv)
    expected_position = int(keep / 4180)
    assert 25 + request.quantity == expected_position

    fills = []

    def submit(req):
        event = OrderEvent(
            1,
            req.symbol,
            LOCAL + timedelta(hours=4),
            OrderStatus.FILLED,
            OrderDirection.SELL,
            1640.0,
            req.quantity,
            OrderFee(CashAmount(2.15 * abs(req.quantity), "USD")),
        )
        p.process_fills([event])
        fills.append(event)
        return event

    p.set_order_submitter(submit)
    tickets = p.margin_call_model.execute_margin_call(orders)
    assert len(tickets) == 1 and p.margin_remaining >= 0


def test_execute_does_nothing_when_margin_is_fine_and_null_model():
    p, _ = _setup(1_000_000, 1)
    assert p.margin_call_model.execute_margin_call([object()]) == []
    p.margin_call_model = MarginCallModel.NULL
    assert p.MarginCallModel.get_margin_call_orders() == ([], False)


def test_execution_order_biggest_loser_first():
    p, es = _setup(100_000, 25, price=1600.0)
    nq = make_future(p, root="NQ", multiplier=20)
    nq.buying_power_model = FutureMarginModel(0.0, nq, ROWS)
    feed(nq, trade_bar(nq, LOCAL, 3000, 3000, 3000, 3000))
    nq.holdings.set_holdings(2990, 2)
    orders, _ = DefaultMarginCallModel(p).get_margin_call_orders()
    submitted = []
    p.set_order_submitter(lambda r: submitted.append(r.symbol) or r)
    p.margin_call_model.execute_margin_call(list(reversed(orders)))
    assert submitted[0] == es.symbol
