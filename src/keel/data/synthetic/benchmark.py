"""The benchmark bar series shared with the peer engines (``bench/peers/gen_bars.py``), reproduced in numpy.

An ES-like random walk in whole 0.25 ticks (sd 2.5 ticks per minute, weak pull to 4000), opens at
the previous close +/- an occasional tick, geometric high/low excursions, lognormal volume;
continuous UTC minutes whose ``ts`` is the bar CLOSE time, starting 2020-01-06 00:01.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

TICK = 0.25
SEED = 20240601
_FIRST_CLOSE_NS = int(datetime(2020, 1, 6, 0, 1, tzinfo=UTC).timestamp()) * 1_000_000_000
_MINUTE_NS = 60_000_000_000


def generate_benchmark_bars(n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """``{"ts", "open", "high", "low", "close", "volume"}`` arrays; ``ts`` = close time in UTC ns."""
    rng = np.random.Generator(np.random.PCG64(seed))
    steps = rng.standard_normal(n) * 2.5
    close_t = np.empty(n, dtype=np.int64)
    price = 16000
    for i, step in enumerate(steps.tolist()):
        price += round(step - 2e-5 * (price - 16000))
        close_t[i] = price
    open_t = np.empty(n, dtype=np.int64)
    open_t[0] = 16000
    gap = rng.choice(np.array([-1, 0, 0, 0, 0, 0, 0, 1]), size=n)
    open_t[1:] = close_t[:-1] + gap[1:]
    up = rng.geometric(0.5, size=n) - 1
    down = rng.geometric(0.5, size=n) - 1
    high_t = np.maximum(open_t, close_t) + up
    low_t = np.minimum(open_t, close_t) - down
    volume = np.maximum(1, rng.lognormal(mean=6.0, sigma=0.8, size=n)).astype(np.int64)
    if n and low_t.min() <= 0:
        raise RuntimeError("random walk went non-positive; change the seed")
    return {
        "ts": _FIRST_CLOSE_NS + np.arange(n, dtype=np.int64) * _MINUTE_NS,
        "open": open_t * TICK,
        "high": high_t * TICK,
        "low": low_t * TICK,
        "close": close_t * TICK,
        "volume": volume,
    }


def benchmark_bars_csv(bars: dict[str, np.ndarray]) -> str:
    """The CSV text ``gen_bars.py`` writes (pandas ``to_csv`` formatting), for checksum comparison."""
    lines = ["ts,open,high,low,close,volume"]
    stamps = bars["ts"].astype("datetime64[ns]").astype("datetime64[s]").astype(str)
    for i in range(stamps.shape[0]):
        lines.append(
            f"{stamps[i]}Z,{float(bars['open'][i])!r},{float(bars['high'][i])!r},{float(bars['low'][i])!r},"
            f"{float(bars['close'][i])!r},{int(bars['volume'][i])}"
        )
    return "\n".join(lines) + "\n"
