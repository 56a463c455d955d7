"""The verdict of the paced run of ``bench/tt_sim/bench_order_ack.py``."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[3] / "bench" / "tt_sim" / "bench_order_ack.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_order_ack", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sustained_needs_every_ack_no_reject_and_the_rate() -> None:
    verdict = _bench().paced_verdict
    # 25,000 orders over 5 s: 24,999 intervals of 0.2 ms.
    assert verdict(5000, 25000, 25000, 0, 4.9998, 4.9998) == (True, 5000, 5000)
    assert verdict(5000, 25000, 25000, 0, 4.9998, 4.9999)[0]            # within rounding
    assert not verdict(5000, 25000, 24999, 0, 4.9998, 4.9998)[0]        # one order lost
    assert not verdict(5000, 25000, 25000, 1, 4.9998, 4.9998)[0]        # a reject
    assert verdict(5000, 25000, 25000, 0, 4.9998, 5.2) == (False, 5000, 4808)  # the venue fell behind
    assert verdict(5000, 25000, 25000, 0, 5.3, 5.3) == (False, 4717, 4717)     # the sender fell behind
