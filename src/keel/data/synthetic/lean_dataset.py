"""A deterministic synthetic futures dataset written in LEAN's on-disk format.

For each root: the two nearest standard contracts get minute trade/quote/open-interest zips per
UTC day (bars only while Keel's built-in exchange hours are open, extended session included),
hour and daily zips aggregated from them, chain universe files, a map file and a factor file
(open-interest and last-trading-day mapping, rolling the day before expiry), a margins CSV, and
``market-hours``/``symbol-properties`` subsets written from Keel's built-in tables.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from keel.data.futures.expiry import expiry_from_contract_month, expiry_rule, standard_contract_months
from keel.data.market_hours.builtin import builtin_document, builtin_roots
from keel.data.market_hours.database import MarketHoursDatabase
from keel.data.symbol_properties import SPDB_HEADER, SymbolPropertiesDatabase, format_row
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

_START_PRICES = {
    "ES": 4000.0,
    "NQ": 15000.0,
    "YM": 35000.0,
    "RTY": 2000.0,
    "CL": 75.0,
    "GC": 1900.0,
    "ZN": 110.0,
    "6E": 1.1,
    "ZC": 4.5,
}
_MARGINS = {"ES": (12000, 11000), "NQ": (17000, 15500), "GC": (8000, 7300), "CL": (6000, 5500)}


@dataclass(slots=True)
class _Bars:
    minutes: np.ndarray  # minute-of-day index (UTC)
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray


def _fmt(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _write_zip(path: Path, entries: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(entries.items()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    path.write_bytes(buffer.getvalue())


def _contracts(root: str, day: date, count: int = 2) -> list[date]:
    months = standard_contract_months(root)
    found: list[date] = []
    year, month = day.year, day.month
    while len(found) < count:
        if month in months:
            contract = date(year, month, 1)
            if expiry_from_contract_month(root, None, contract).date() > day:
                found.append(contract)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _open_minutes(hours_db: MarketHoursDatabase, market: str, root: str, day: date) -> np.ndarray:
    hours = hours_db.get_exchange_hours(market, root, SecurityType.FUTURE)
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    flags = [
        hours.is_open_at((start + timedelta(minutes=m)).astimezone(hours.tz).replace(tzinfo=None), True)
        for m in range(1440)
    ]
    return np.nonzero(np.array(flags, dtype=bool))[0]


def _bars(rng: np.random.Generator, minutes: np.ndarray, price: float, tick: float) -> tuple[_Bars, float]:
    n = minutes.size
    steps = np.rint(rng.standard_normal(n) * 2.0)
    close = price + np.cumsum(steps) * tick
    open_ = np.concatenate(([price], close[:-1]))
    high = np.maximum(open_, close) + rng.integers(0, 3, n) * tick
    low = np.minimum(open_, close) - rng.integers(0, 3, n) * tick
    volume = rng.integers(1, 500, n).astype(np.float64)
    last = float(close[-1]) if n else price
    return _Bars(minutes, open_, high, low, close, volume), last


def _minute_csv(bars: _Bars, shift: float, tick: float) -> tuple[str, str]:
    trade, quote = [], []
    for i in range(bars.minutes.size):
        ms = int(bars.minutes[i]) * 60_000
        o, h, lo, c = (float(x) + shift for x in (bars.open[i], bars.high[i], bars.low[i], bars.close[i]))
        trade.append(f"{ms},{_fmt(o)},{_fmt(h)},{_fmt(lo)},{_fmt(c)},{int(bars.volume[i])}")
        bid = ",".join(_fmt(x - tick) for x in (o, h, lo, c))
        ask = ",".join(_fmt(x) for x in (o, h, lo, c))
        quote.append(f"{ms},{bid},{10 + i % 7},{ask},{12 + i % 5}")
    return "\n".join(trade) + "\n", "\n".join(quote) + "\n"


def _aggregate(bars: _Bars, shift: float, day: date, bucket_minutes: int) -> list[str]:
    rows = []
    keys = bars.minutes // bucket_minutes
    for key in np.unique(keys):
        sel = keys == key
        start = datetime(day.year, day.month, day.day) + timedelta(minutes=int(key) * bucket_minutes)
        rows.append(
            f"{start:%Y%m%d %H:%M},{_fmt(float(bars.open[sel][0]) + shift)},"
            f"{_fmt(float(bars.high[sel].max()) + shift)},"
            f"{_fmt(float(bars.low[sel].min()) + shift)},{_fmt(float(bars.close[sel][-1]) + shift)},"
            f"{int(bars.volume[sel].sum())}"
        )
    return rows


def generate_lean_futures_dataset(
    out_folder: str | Path,
    roots: tuple[str, ...] = ("ES", "NQ"),
    start: date = date(2024, 1, 2),
    days: int = 5,
    seed: int = 20240601,
) -> Path:
    """Write the dataset under ``out_folder`` (a LEAN ``Data/`` layout) and return the folder.

    The same arguments always produce byte-identical files.
    """
    out = Path(out_folder)
    hours_db = MarketHoursDatabase.builtin()
    props_db = SymbolPropertiesDatabase.builtin()
    markets = builtin_roots()
    rng = np.random.Generator(np.random.PCG64(seed))
    for root in roots:
        root = root.upper()
        market = markets[root]
        tick = props_db.get(market, root, SecurityType.FUTURE).minimum_price_variation
        base = out / "future" / market
        price = _START_PRICES.get(root, 100.0)
        hour_rows: dict[str, list[str]] = {}
        daily_rows: dict[str, list[str]] = {}
        previous_daily: dict[str, tuple[float, float, float, float, float]] = {}
        for offset in range(days):
            day = start + timedelta(days=offset)
            contracts = _contracts(root, day)
            minutes = _open_minutes(hours_db, market, root, day)
            universe = ["#expiry,open,high,low,close,volume,open_interest"]
            for contract in contracts:
                tag = f"{contract:%Y%m}"
                if tag in previous_daily:
                    o, h, lo, c, v = previous_daily[tag]
                    universe.append(
                        f"{tag},{_fmt(o)},{_fmt(h)},{_fmt(lo)},{_fmt(c)},{int(v)},{100000 + offset * 10}"
                    )
            (base / "universes" / root.lower()).mkdir(parents=True, exist_ok=True)
            (base / "universes" / root.lower() / f"{day:%Y%m%d}.csv").write_text("\n".join(universe) + "\n")
            if minutes.size == 0:
                continue
            bars, price = _bars(rng, minutes, price, tick)
            trade_entries, quote_entries, oi_entries = {}, {}, {}
            for depth, contract in enumerate(contracts):
                tag = f"{contract:%Y%m}"
                shift = depth * 10 * tick
                trade, quote = _minute_csv(bars, shift, tick)
                stem = f"{day:%Y%m%d}_{root.lower()}_minute"
                trade_entries[f"{stem}_trade_{tag}.csv"] = trade
                quote_entries[f"{stem}_quote_{tag}.csv"] = quote
                oi = 100000 // (depth + 1) + offset * 10
                oi_entries[f"{stem}_openinterest_{tag}.csv"] = (
                    "\n".join(
                        f"{int(m) * 60_000},{oi + k}"
                        for k, m in enumerate(minutes[:: max(1, minutes.size // 3)][:3])
                    )
                    + "\n"
                )
                hour_rows.setdefault(tag, []).extend(_aggregate(bars, shift, day, 60))
                daily = _aggregate(bars, shift, day, 1440)
                daily_rows.setdefault(tag, []).extend(daily)
                fields = daily[0].split(",")
                previous_daily[tag] = tuple(float(x) for x in fields[1:])  # type: ignore[assignment]
            minute_dir = base / "minute" / root.lower()
            _write_zip(minute_dir / f"{day:%Y%m%d}_trade.zip", trade_entries)
            _write_zip(minute_dir / f"{day:%Y%m%d}_quote.zip", quote_entries)
            _write_zip(minute_dir / f"{day:%Y%m%d}_openinterest.zip", oi_entries)
        for resolution, rows in (("hour", hour_rows), ("daily", daily_rows)):
            _write_zip(
                base / resolution / f"{root.lower()}_trade.zip",
                {f"{root.lower()}_trade_{tag}.csv": "\n".join(r) + "\n" for tag, r in rows.items()},
            )
        _write_map_and_factor_files(base, root, market, start, days)
        initial, maintenance = _MARGINS.get(root, (5000, 4500))
        (base / "margins").mkdir(parents=True, exist_ok=True)
        (base / "margins" / f"{root}.csv").write_text(
            "# synthetic margins written by keel\ndate,initial,maintenance\n"
            f"{start - timedelta(days=365):%Y%m%d},"
            f"{initial},{maintenance}\n"
        )
    _write_databases(out, roots, markets, props_db)
    return out


def _write_map_and_factor_files(base: Path, root: str, market: str, start: date, days: int) -> None:
    contracts = _contracts(root, start - timedelta(days=120), 8)
    map_lines = [f"18991230,{root.lower()},{market.upper()}"]
    factor_lines = []
    for contract in contracts:
        expiry = expiry_from_contract_month(root, market, contract)
        sid = Symbol.create_future(root, market, expiry).id
        last_mapped = expiry.date() - timedelta(days=1)
        for mode in (0, 2):
            map_lines.append(f"{last_mapped:%Y%m%d},{str(sid).lower()},{market.upper()},{mode}")
            factor_lines.append(
                json.dumps(
                    {
                        "Date": f"{last_mapped:%Y-%m-%d}T00:00:00",
                        "BackwardsRatioScale": [1.0, 1.0, 1.0],
                        "BackwardsPanamaCanalScale": [0.0, 0.0, 0.0],
                        "ForwardPanamaCanalScale": [0.0, 0.0, 0.0],
                        "DataMappingMode": mode,
                    },
                    separators=(",", ":"),
                )
            )
    for folder, name, lines in (("map_files", "map", map_lines), ("factor_files", "factor", factor_lines)):
        del name
        (base / folder).mkdir(parents=True, exist_ok=True)
        (base / folder / f"{root.lower()}.csv").write_text("\n".join(lines) + "\n")
    expiry_rule(root)


def _write_databases(
    out: Path, roots: tuple[str, ...], markets: dict[str, str], props_db: SymbolPropertiesDatabase
) -> None:
    document = builtin_document()["entries"]
    subset = {
        key: value
        for key, value in document.items()
        if key.startswith("Equity-") or any(key == f"Future-{markets[r.upper()]}-{r.upper()}" for r in roots)
    }
    (out / "market-hours").mkdir(parents=True, exist_ok=True)
    (out / "market-hours" / "market-hours-database.json").write_text(
        json.dumps({"entries": subset}, indent=1)
    )
    lines = [SPDB_HEADER]
    for root in roots:
        market = markets[root.upper()]
        lines.append(
            format_row(
                market, root.upper(), SecurityType.FUTURE, props_db.get(market, root, SecurityType.FUTURE)
            )
        )
    (out / "symbol-properties").mkdir(parents=True, exist_ok=True)
    (out / "symbol-properties" / "symbol-properties-database.csv").write_text("\n".join(lines) + "\n")
