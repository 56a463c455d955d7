"""Intraday equity samples: LEAN samples when the time is *past* the next sample time."""

from __future__ import annotations

from datetime import datetime

from keel.engine.clock import NS_PER_MINUTE, converter
from keel.engine.sampling import ResultSampler, smart_round


def test_intraday_sample_needs_time_strictly_after_the_due_time() -> None:
    values = iter(range(1, 100))
    sampler = ResultSampler(
        "America/New_York",
        datetime(2013, 10, 7),
        datetime(2013, 10, 11),
        lambda: float(next(values)),
        lambda: 0.0,
        lambda: 1.0,
    )
    first = converter("America/New_York").local_to_utc_ns(datetime(2013, 10, 7, 9, 31))
    for minute in range(11):
        sampler.sample_intraday(first + minute * NS_PER_MINUTE)
    # 9:31 samples, the next due time is 9:35: 9:35 itself is not past it, 9:36 is; then 9:41
    times = [t.minute for t, _ in sampler.equity]
    assert times == [31, 36, 41]


def test_smart_round_follows_lean_chart_point_rounding() -> None:
    # above 1000: 4 decimals; otherwise (negatives included) 7 significant digits, banker's rounding
    assert smart_round(100056.04634999) == 100056.0463
    assert smart_round(146.026786474) == 146.0268
    assert smart_round(-1.1542801144) == -1.15428
    assert smart_round(-5000.123456) == -5000.123
    assert smart_round(0.00123456789) == 0.001234568
    assert smart_round(1.00000025) == 1.000000  # half-even on the decimal value
    assert smart_round(0.0) == 0.0


def _daily_sampler(values: list[float], volumes: list[float]) -> ResultSampler:
    value_iter, volume_iter = iter(values), iter(volumes)
    sampler = ResultSampler(
        "America/New_York",
        datetime(2013, 10, 7),
        datetime(2013, 10, 9),
        lambda: next(value_iter),
        lambda: next(volume_iter),
        lambda: 146.026786474,
    )
    sampler.reset_start(100000.0)
    return sampler


def test_daily_return_and_benchmark_points_are_smart_rounded() -> None:
    sampler = _daily_sampler([100000.0, 98845.7198856], [0.0, 0.0])
    conv = converter("America/New_York")
    sampler.sample_daily(conv.local_to_utc_ns(datetime(2013, 10, 7)))
    sampler.sample_daily(conv.local_to_utc_ns(datetime(2013, 10, 8)))
    # -1.154280114400 % unrounded; LEAN's ChartPoint keeps 7 significant digits
    assert sampler.daily_performance[1][1] == -1.15428
    assert sampler.benchmark[1][1] == 146.0268


def test_final_sample_at_the_last_daily_sample_time_replaces_its_turnover() -> None:
    # daily samples at 10-07 (start: no turnover), 10-08, 10-09; the final sample lands on 10-09 00:00
    # (the start sample reads no sale volume)
    sampler = _daily_sampler([100000.0] * 4, [50000.0, 80000.0, 90000.0])
    conv = converter("America/New_York")
    for day in (7, 8, 9):
        sampler.sample_daily(conv.local_to_utc_ns(datetime(2013, 10, day)))
    sampler.sample_final(conv.local_to_utc_ns(datetime(2013, 10, 9)))
    # LEAN keeps one chart point per time; the repeated one is measured from the volume two samples back
    assert sampler.turnover == [0.5, 0.4]


def test_final_sample_at_the_last_daily_sample_time_keeps_the_daily_equity_return_and_benchmark() -> None:
    # LEAN's result handler adds a chart point only when it is later than the series' last one
    # (turnover excepted): the final sample after orders filled on the last (midnight) slice does not
    # replace that slice's daily sample, so End Equity is the value before those fills
    sampler = _daily_sampler([100000.0, 99000.0, 98000.0, 97000.0], [0.0, 0.0, 10000.0])
    conv = converter("America/New_York")
    for day in (7, 8, 9):
        sampler.sample_daily(conv.local_to_utc_ns(datetime(2013, 10, day)))
    sampler.sample_final(conv.local_to_utc_ns(datetime(2013, 10, 9)))
    assert [v for _, v in sampler.equity] == [100000.0, 99000.0, 98000.0]
    assert [v for _, v in sampler.daily_performance] == [0.0, -1.0, -1.010101]
    assert len(sampler.benchmark) == 3
    assert sampler.turnover[-1] == smart_round(10000.0 / 97000.0)


def test_intraday_sample_at_the_time_of_a_daily_sample_adds_no_equity_point() -> None:
    sampler = _daily_sampler([100000.0, 99000.0], [0.0])
    midnight = converter("America/New_York").local_to_utc_ns(datetime(2013, 10, 7))
    sampler.sample_daily(midnight)
    sampler.next_intraday_ns = midnight - 1
    sampler.sample_intraday(midnight)
    assert sampler.equity == [(sampler.equity[0][0], 100000.0)]
