"""The fill models remember "the exchange is open" for a whole open segment: every answer must
equal the exchange hours' own ``is_open_at`` (holidays, early closes and segment edges included)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from keel.reality.fills import FillModel
from keel.securities.testing import make_equity, make_future, make_portfolio


@pytest.mark.parametrize("make", [make_future, make_equity])
@pytest.mark.parametrize("extended", [True, False])
def test_remembered_open_answer_equals_the_exchange_hours(make, extended: bool) -> None:
    security = make(make_portfolio())
    hours = security.exchange.hours
    model = FillModel()
    # a week around Thanksgiving 2013 (holiday and early close), minute by minute plus odd seconds
    t = datetime(2013, 11, 25)
    while t < datetime(2013, 12, 2):
        for local in (t, t + timedelta(seconds=59, microseconds=999999)):
            security.set_local_time(local)
            expected = hours.is_open_at(local, extended)
            if expected:  # closed: the model also asks whether the latest bar was open (no bar here)
                assert model.is_exchange_open(security, extended), local
            else:
                assert model.is_exchange_open(security, extended) is False, local
        t += timedelta(minutes=1)
