"""Intraday equity samples: LEAN samples when the time is *past* the next sample time."""

from __future__ import annotations

from datetime import datetime

from keel.engine.clock import NS_PER_MINUTE, converter
from keel.engine.sampling import ResultSampler


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
