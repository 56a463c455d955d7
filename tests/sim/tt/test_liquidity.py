"""Background liquidity: seeded synthetic market and LEAN minute replay."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from keel.sim.tt.lean_replay import ReplayDataError, ReplayQuote, ReplayTrade, read_day
from keel.sim.tt.liquidity import ReplayLiquidity, SyntheticLiquidity
from keel.sim.tt.orders import TradePrint

from .engine_helpers import CATALOGUE, ES, engine

LEAN = Path(__file__).resolve().parents[4] / "shared" / "data" / "lean"


def _run_synthetic(seed: int) -> list[tuple[int, int]]:
    eng = engine()
    source = SyntheticLiquidity([ES], seed=seed)
    prints = []
    for _ in range(40):
        prints += [(e.price, e.quantity) for e in source.step(eng) if isinstance(e, TradePrint)]
    return prints


def test_synthetic_market_is_reproducible_from_seed_and_keeps_a_two_sided_book() -> None:
    assert _run_synthetic(5) == _run_synthetic(5)
    assert _run_synthetic(5) != _run_synthetic(6)
    eng = engine()
    source = SyntheticLiquidity([ES], seed=1, depth=3)
    for _ in range(10):
        source.step(eng)
        bid, bid_size, ask, ask_size = eng.top(ES)
        assert bid is not None and ask is not None and bid < ask and bid_size > 0 and ask_size > 0
    assert len(list(eng.book(ES).bids.levels())) == 3


def test_replay_reader_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(ReplayDataError, match="pick a date that has data"):
        read_day(tmp_path, "cme", "es", date(2013, 10, 7))
    folder = tmp_path / "future" / "cme" / "minute" / "es"
    folder.mkdir(parents=True)
    (folder / "20131007_trade.zip").write_text("not a zip")
    with pytest.raises(ReplayDataError, match="not a zip file"):
        read_day(tmp_path, "cme", "es", date(2013, 10, 7))


@pytest.mark.lean
@pytest.mark.skipif(not LEAN.exists(), reason="needs ../shared/data/lean")
def test_lean_minute_replay_drives_the_book_and_the_tape() -> None:
    events = read_day(LEAN, "cme", "es", date(2013, 10, 7))
    first_quote = next(e for e in events if isinstance(e, ReplayQuote) and e.contract_month == "201312")
    assert str(first_quote.bid) == "1676.5" and first_quote.bid_size == 86 and str(first_quote.ask) == "1676.75"
    assert any(isinstance(e, ReplayTrade) for e in events)
    catalogue = CATALOGUE.__class__.listing(date(2013, 10, 7))
    replay = ReplayLiquidity(catalogue, LEAN, "cme", "es", [date(2013, 10, 7)], speed=1000.0)
    eng = engine()
    december = replay.instruments["201312"]
    for _ in range(30):
        replay.step(eng)
    bid, _, ask, _ = eng.top(december)
    assert bid is not None and ask is not None and bid < ask
    assert eng.last_trade(december) is not None
    assert replay.now().date() == date(2013, 10, 7)
