import math
import statistics
from datetime import datetime, timedelta

import pytest

from keel.model.enums import Resolution
from keel.reality.volatility import (
    NullVolatilityModel,
    RelativeStandardDeviationVolatilityModel,
    StandardDeviationOfReturnsVolatilityModel,
    VolatilityModel,
)
from keel.securities.testing import feed, make_equity, make_portfolio, trade_bar

DAY = datetime(2013, 10, 1, 9, 30)
PRICES = [100, 101, 99, 102, 104, 103]


def test_null_model_is_zero_and_not_called():
    spy = make_equity(make_portfolio())
    assert isinstance(spy.volatility_model, NullVolatilityModel) and spy.VolatilityModel.Volatility == 0
    assert VolatilityModel.NULL.get_history_requirements(spy, DAY) == []


def test_relative_standard_deviation_updated_each_step():
    spy = make_equity(make_portfolio())
    spy.set_volatility_model(RelativeStandardDeviationVolatilityModel(timedelta(days=1), 4))
    for i, price in enumerate(PRICES):
        feed(
            spy, trade_bar(spy, DAY + timedelta(days=i), price, price, price, price, period=timedelta(days=1))
        )
    window = PRICES[-4:]
    assert spy.volatility_model.volatility == pytest.approx(
        statistics.stdev(window) / statistics.mean(window)
    )


def test_std_of_returns_warm_up_and_requirements():
    spy = make_equity(make_portfolio())
    model = StandardDeviationOfReturnsVolatilityModel(3, Resolution.DAILY)
    bars = [
        trade_bar(spy, DAY + timedelta(days=i), p, p, p, p, period=timedelta(days=1))
        for i, p in enumerate(PRICES)
    ]
    [req] = model.GetHistoryRequirements(spy, DAY)
    assert req.bar_count == 4 and req.resolution == Resolution.DAILY
    model.warm_up(spy, bars)
    returns = [PRICES[i] / PRICES[i - 1] - 1 for i in range(1, len(PRICES))][-3:]
    assert model.is_ready and model.volatility == pytest.approx(statistics.stdev(returns) * math.sqrt(252))
    with pytest.raises(ValueError):
        StandardDeviationOfReturnsVolatilityModel(1)


def test_model_skips_updates_inside_the_period():
    spy = make_equity(make_portfolio())
    model = RelativeStandardDeviationVolatilityModel(Resolution.HOUR, 3)
    for minute in range(0, 180, 30):
        model.update(spy, trade_bar(spy, DAY + timedelta(minutes=minute), 100 + minute, 1, 1, 100 + minute))
    assert len(model._window) == 3


def test_history_requirement_keeps_an_explicit_tick_resolution():
    # Resolution.TICK is 0: an ``or`` default would turn it into daily (LEAN: ``resolution ?? Daily``)
    spy = make_equity(make_portfolio())
    tick_model = StandardDeviationOfReturnsVolatilityModel(5, Resolution.TICK, timedelta(minutes=1))
    assert [r.resolution for r in tick_model.get_history_requirements(spy, DAY)] == [Resolution.TICK]
    default_model = StandardDeviationOfReturnsVolatilityModel(5)
    assert [r.resolution for r in default_model.get_history_requirements(spy, DAY)] == [Resolution.DAILY]
