#!/usr/bin/env python3
"""Keel vs. backtrader / NautilusTrader on the shared SMA-crossover ("cross") and order-every-bar runs.

Usage::

    bench.py [--bars 100000|1000000 ...] [--variant cross|heavy|both] [--quick] [--reps N]
             [--peers auto|live|recorded|none] [--peer-python PY] [--data-dir DIR] [--out-dir DIR]

* The benchmark series (``keel.data.synthetic.generate_benchmark_bars``, identical to the
  peers' ``gen_bars.py``) is written once per size as a Keel Parquet dataset with a 24/7
  market-hours entry (``dataset.py``), so every bar is processed, as in the peers.
* Each Keel run is its own process (``--worker``): ``run_backtest`` on the algorithms in
  ``strategies.py`` with a ``ParquetDataSource``. Reported: import, load (Parquet -> arrays) and
  run wall time, bars/s = bars / run, the strategy's loop time, orders, fills, P&L in points
  and peak RSS (``ru_maxrss`` of the worker). Results are checked against ``reference.py``.
* Peers: when backtrader / nautilus_trader import in ``--peer-python`` their scripts in
  ``../shared/bench/peers`` run as subprocesses (``RESULT {json}`` lines); otherwise the medians
  recorded in ``../shared/bench/peers/results/engines.jsonl`` are shown, labelled "recorded".
* Writes ``bench/results/backtest-<date>.md`` (the table) and appends every record to
  ``bench/results/backtest-<date>.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PEERS_DIR = (REPO / ".." / "shared" / "bench" / "peers").resolve()
RECORDED = PEERS_DIR / "results" / "engines.jsonl"
SIZES = (100_000, 1_000_000)
VARIANTS = ("cross", "heavy")
SPEEDUP_TARGET = 20.0
HEAVY_RSS_TARGET_MB = 300.0
# job id -> (script, extra args, module that must import, label)
PEER_JOBS: dict[str, tuple[str, list[str], str, str]] = {
    "bt-csv": ("run_backtrader.py", ["csv"], "backtrader", "backtrader csv"),
    "nt": ("run_nautilus.py", [], "nautilus_trader", "nautilus"),
}
RECORDED_LABELS = {
    "bt-csv": "backtrader csv",
    "bt-pandas": "backtrader pandas",
    "nt": "nautilus",
    "zl": "zipline (fills next close)",
    "vbt": "vectorbt",
}


def _setup_path() -> None:
    src = str(REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))


def _maxrss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rss_now_mb() -> float:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return round(int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except OSError:
        return float("nan")


# ============================================================================================
# worker: one Keel backtest in this process


def worker(variant: str, data_dir: Path, bars: int) -> dict[str, Any]:
    """Run ``variant`` on the prepared ``bars``-bar dataset and return the measurements."""
    t0 = time.perf_counter()
    _setup_path()
    from dataset import CONTRACT, MARKET, ROOT, benchmark_dataset
    from strategies import STRATEGIES

    from keel.data.parquet import parquet_contract_path
    from keel.engine.backtest import run_backtest
    from keel.engine.parquet_source import ParquetDataSource
    from keel.model.enums import Resolution, TickType

    t_import = time.perf_counter() - t0
    dataset = benchmark_dataset(data_dir, bars)
    t0 = time.perf_counter()
    source = ParquetDataSource(dataset.folder)
    path = parquet_contract_path(dataset.folder, MARKET, Resolution.MINUTE, ROOT, CONTRACT, TickType.TRADE)
    source.load(path, TickType.TRADE, Resolution.MINUTE)  # read once here so t_run excludes Parquet I/O
    t_load = time.perf_counter() - t0
    rss_loaded = _rss_now_mb()
    t0 = time.perf_counter()
    run = run_backtest(
        STRATEGIES[variant], dataset.folder, parameters=dataset.parameters(), data_source=source
    )
    t_run = time.perf_counter() - t0
    summary = run.algorithm.bench.summary()  # type: ignore[attr-defined]
    runtime = run.result.runtime_statistics
    return {
        "engine": "keel",
        "variant": variant,
        "bars": bars,
        "data_points": run.engine.data_points,
        "t_import": round(t_import, 3),
        "t_load": round(t_load, 3),
        "t_run": round(t_run, 3),
        "t_engine": round(run.elapsed_seconds, 3),
        "rss_loaded_mb": rss_loaded,
        **summary,
        "net_profit_usd": runtime.get("Net Profit"),
        "fees_usd": runtime.get("Fees"),
        "ru_maxrss_mb": _maxrss_mb(),
    }


# ============================================================================================
# parent: datasets, subprocesses, peers, table


def _run_process(
    cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env
        )
        rc: int | str = proc.returncode
        out, err = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc = "timeout"
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    record: dict[str, Any] = {
        "rc": rc,
        "proc_wall": round(time.perf_counter() - t0, 2),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }
    match = re.search(r"^RESULT (.*)$", out, re.M)
    if match:
        record.update(json.loads(match.group(1)))
    else:
        record["error_tail"] = (out + err)[-2000:]
    return record


def _keel_job(variant: str, bars: int, data_dir: Path, timeout: float) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        "--variant",
        variant,
        "--bars",
        str(bars),
        "--data-dir",
        str(data_dir),
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p)
    record = _run_process(cmd, REPO, timeout, env)
    record.update({"job": "keel", "label": "keel", "n": bars, "variant": variant, "source": "measured"})
    return record


def _peer_available(python: str, module: str) -> bool:
    try:
        proc = subprocess.run(
            [python, "-c", f"import {module}"], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def _peer_files(data_dir: Path, bars: int) -> Path:
    """``es_1m_<N>.parquet`` (+ ``.csv``) in the peers' format, written from the same series."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from keel.data.synthetic import benchmark_bars_csv, generate_benchmark_bars

    folder = data_dir / "peers"
    folder.mkdir(parents=True, exist_ok=True)
    parquet = folder / f"es_1m_{bars}.parquet"
    csv = parquet.with_suffix(".csv")
    if not (parquet.is_file() and csv.is_file()):
        series = generate_benchmark_bars(bars)
        table = pa.table(
            {
                "ts": pa.array(series["ts"], type=pa.timestamp("ns", tz="UTC")),
                **{k: pa.array(series[k]) for k in ("open", "high", "low", "close", "volume")},
            }
        )
        pq.write_table(table, parquet)
        csv.write_text(benchmark_bars_csv(series), encoding="utf-8")
    return parquet


def _live_peers(python: str, bars: int, variant: str, data_dir: Path, timeout: float) -> list[dict[str, Any]]:
    records = []
    for job, (script, extra, module, label) in PEER_JOBS.items():
        if not _peer_available(python, module):
            continue
        data = _peer_files(data_dir, bars)
        record = _run_process(
            [python, str(PEERS_DIR / script), str(data), variant, *extra], PEERS_DIR, timeout
        )
        record.update({"job": job, "label": label, "n": bars, "variant": variant, "source": "measured"})
        records.append(record)
    return records


def recorded_peers(bars: int, variant: str, path: Path = RECORDED) -> list[dict[str, Any]]:
    """Median of the recorded peer runs for one size and variant (empty when the file is missing)."""
    if not path.is_file():
        return []
    runs: dict[str, list[dict[str, Any]]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            rec = json.loads(line)
            if (
                rec.get("n") == bars
                and rec.get("variant") == variant
                and rec.get("rc") == 0
                and "t_run" in rec
            ):
                runs.setdefault(rec["job"], []).append(rec)
    out = []
    for job, recs in runs.items():
        t_runs = [r["t_run"] for r in recs]
        median = statistics.median(t_runs)
        rss = statistics.median([r.get("time_maxrss_mb") or r.get("ru_maxrss_mb") or 0.0 for r in recs])
        first = recs[0]
        out.append(
            {
                "job": job,
                "label": f"{RECORDED_LABELS.get(job, job)} {first.get('version', '')}".strip(),
                "n": bars,
                "variant": variant,
                "source": "recorded",
                "reps": len(recs),
                "t_run": median,
                "t_run_min": min(t_runs),
                "t_run_max": max(t_runs),
                "ru_maxrss_mb": rss,
                "t_loop": statistics.median(loops)
                if (loops := [r["t_loop"] for r in recs if r.get("t_loop")])
                else None,
                "orders": first.get("orders"),
                "fills": first.get("fills"),
                "pnl_pts": first.get("pnl_pts"),
            }
        )
    order = list(RECORDED_LABELS)
    out.sort(key=lambda r: order.index(r["job"]) if r["job"] in order else len(order))
    return out


def _median_record(records: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in records if r.get("rc") == 0 and "t_run" in r]
    if not ok:
        return records[-1]
    ok.sort(key=lambda r: r["t_run"])
    median = dict(ok[len(ok) // 2])
    median["reps"] = len(ok)
    median["t_run_min"] = ok[0]["t_run"]
    median["t_run_max"] = ok[-1]["t_run"]
    return median


def _reference(data_dir: Path, bars: int, variant: str) -> dict[str, Any]:
    _setup_path()
    from dataset import CONTRACT, MARKET, ROOT
    from reference import reference

    from keel.data.parquet import read_parquet_contract
    from keel.model.enums import Resolution, TickType

    data = read_parquet_contract(data_dir, MARKET, Resolution.MINUTE, ROOT, CONTRACT, TickType.TRADE)
    return reference(variant, data.columns["close"])


def _fmt_rate(value: float | None) -> str:
    if not value:
        return "-"
    return f"{value / 1000:,.1f}k" if value < 1e6 else f"{value / 1e6:,.2f}M"


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """The side-by-side table (one row per engine, size and variant)."""
    head = (
        "| engine | source | bars | var | t_run s (min..max) | bars/s | loop bars/s | vs backtrader | "
        "peak RSS MB | orders / fills | P&L pts | check |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for r in rows:
        if "t_run" not in r:
            lines.append(
                f"| {r.get('label')} | {r.get('source')} | {r['n']:,} | {r['variant']} | "
                f"FAILED rc={r.get('rc')} | - | - | - | - | - | - | - |"
            )
            continue
        spread = ""
        if r.get("reps", 1) > 1:
            spread = f" ({r['t_run_min']:.2f}..{r['t_run_max']:.2f})"
        rate = r["n"] / r["t_run"] if r["t_run"] else None
        loop = r["n"] / r["t_loop"] if r.get("t_loop") else None
        speedup = f"{r['speedup']:.1f}x" if r.get("speedup") else "-"
        lines.append(
            f"| {r['label']} | {r['source']} | {r['n']:,} | {r['variant']} | {r['t_run']:.2f}{spread} | "
            f"{_fmt_rate(rate)} | {_fmt_rate(loop)} | {speedup} | {_fmt(r.get('ru_maxrss_mb'), 0)} | "
            f"{r.get('orders')} / {r.get('fills')} | {_fmt(r.get('pnl_pts'))} | {r.get('check', '')} |"
        )
    return head + "\n".join(lines) + "\n"


def _check(keel: dict[str, Any], expected: dict[str, Any], peers: list[dict[str, Any]]) -> str:
    if "t_run" not in keel:
        return "run failed"
    problems = [
        f"{k} {keel.get(k)} != reference {expected[k]}"
        for k in ("orders", "fills", "pnl_pts")
        if keel.get(k) != expected[k]
    ]
    for peer in peers:
        if peer["job"] in ("bt-csv", "nt") and peer.get("pnl_pts") not in (None, keel.get("pnl_pts")):
            problems.append(f"P&L differs from {peer['job']} ({peer.get('pnl_pts')})")
    return "ok (= numpy reference, = peers)" if not problems else "MISMATCH: " + "; ".join(problems)


def _targets(rows: list[dict[str, Any]]) -> list[str]:
    notes = []
    for r in rows:
        if r["job"] != "keel" or "t_run" not in r:
            continue
        if r.get("speedup") is not None:
            verdict = "met" if r["speedup"] >= SPEEDUP_TARGET else "NOT met"
            notes.append(
                f"- {r['n']:,} {r['variant']}: {r['speedup']:.1f}x backtrader's bars/s "
                f"(target {SPEEDUP_TARGET:.0f}x): {verdict}"
            )
        if r["n"] == 1_000_000 and r["variant"] == "heavy":
            verdict = "met" if r["ru_maxrss_mb"] < HEAVY_RSS_TARGET_MB else "NOT met"
            notes.append(
                f"- 1,000,000 heavy peak RSS {r['ru_maxrss_mb']:.0f} MB "
                f"(target < {HEAVY_RSS_TARGET_MB:.0f} MB): {verdict}"
            )
    return notes


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, {system}"


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bars", type=int, nargs="+", choices=SIZES, help="series sizes (default: both)")
    parser.add_argument("--variant", choices=("cross", "heavy", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="100k bars, 1 rep, recorded peer figures only")
    parser.add_argument("--reps", type=int, default=1, help="Keel runs per job (median reported)")
    parser.add_argument("--peers", choices=("auto", "live", "recorded", "none"), default="auto")
    parser.add_argument(
        "--peer-python", default=sys.executable, help="interpreter with backtrader/nautilus_trader"
    )
    default_data = os.environ.get("KEEL_BENCH_DATA") or str(Path.home() / ".cache" / "keel" / "bench-data")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(default_data),
        help="where the generated datasets are cached (env KEEL_BENCH_DATA)",
    )
    parser.add_argument("--out-dir", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        if args.variant == "both" or not args.bars or len(args.bars) != 1:
            parser.error("--worker needs one --variant and one --bars")
        result = worker(args.variant, args.data_dir / f"es-{args.bars[0]}", args.bars[0])
        print("RESULT " + json.dumps(result), flush=True)
        return 0

    sizes = [100_000] if args.quick else (args.bars or list(SIZES))
    variants = list(VARIANTS) if args.variant == "both" else [args.variant]
    reps = 1 if args.quick else max(1, args.reps)
    peers_mode = "recorded" if args.quick and args.peers == "auto" else args.peers
    _setup_path()
    from dataset import benchmark_dataset

    print(f"# machine: {_machine()}", flush=True)
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    for bars in sizes:
        data_dir = args.data_dir / f"es-{bars}"
        t0 = time.perf_counter()
        benchmark_dataset(data_dir, bars)
        print(f"# dataset {bars:,} bars ready in {data_dir} ({time.perf_counter() - t0:.1f} s)", flush=True)
        for variant in variants:
            keel_runs = []
            for rep in range(1, reps + 1):
                rec = _keel_job(variant, bars, args.data_dir, args.timeout)
                rec["rep"] = rep
                records.append(rec)
                keel_runs.append(rec)
                brief = {
                    k: rec.get(k)
                    for k in (
                        "n",
                        "variant",
                        "rep",
                        "rc",
                        "t_run",
                        "orders",
                        "fills",
                        "pnl_pts",
                        "ru_maxrss_mb",
                    )
                }
                print(json.dumps(brief), flush=True)
                if "error_tail" in rec:
                    print(rec["error_tail"], file=sys.stderr)
            keel = _median_record(keel_runs)
            peers: list[dict[str, Any]] = []
            if peers_mode in ("auto", "live"):
                peers = _live_peers(args.peer_python, bars, variant, args.data_dir, args.timeout)
                records.extend(peers)
                if peers_mode == "live" and not peers:
                    print(f"# no peer engine imports in {args.peer_python}", file=sys.stderr)
            if peers_mode in ("auto", "recorded") and not peers:
                peers = recorded_peers(bars, variant)
            expected = _reference(data_dir, bars, variant)
            keel["check"] = _check(keel, expected, peers)
            baseline = next((p for p in peers if p["job"] == "bt-csv" and p.get("t_run")), None)
            if baseline is not None and keel.get("t_run"):
                keel["speedup"] = baseline["t_run"] / keel["t_run"]
                keel["speedup_vs"] = f"{baseline['source']} bt-csv"
            rows.append(keel)
            rows.extend(peers)

    table = markdown_table(rows)
    notes = _targets(rows)
    stamp = datetime.now(UTC)
    text = (
        f"# Keel backtest benchmark, {stamp:%Y-%m-%d %H:%M} UTC\n\n"
        f"Machine: {_machine()}. Keel: `bench/backtest/bench.py` "
        f"(sizes {', '.join(f'{n:,}' for n in sizes)}; {reps} rep(s), median shown). "
        "bars/s = bars / t_run (run_backtest wall time, Parquet already loaded); loop bars/s = bars / "
        "(first on_data .. on_end_of_algorithm). Peak RSS = ru_maxrss of the process. Peer rows marked "
        "'recorded' are medians from `../shared/bench/peers/results/engines.jsonl` (same series; measured "
        "on the peers' box, 2 vCPU Intel Xeon per their README, so 'vs backtrader' compares across "
        "machines unless the peers ran live here); backtrader and zipline never fill the order on the "
        "last bar (999,999 fills in heavy), Keel and nautilus do, with the same P&L.\n\n"
        + table
        + ("\nTargets:\n" + "\n".join(notes) + "\n" if notes else "")
    )
    print()
    print(text)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    day = stamp.strftime("%Y-%m-%d")
    (args.out_dir / f"backtest-{day}.md").write_text(text, encoding="utf-8")
    with (args.out_dir / f"backtest-{day}.jsonl").open("a", encoding="utf-8") as handle:
        for rec in [*records, *(r for r in rows if r.get("source") == "recorded")]:
            handle.write(json.dumps({"timestamp": stamp.isoformat(), **rec}) + "\n")
    print(f"# wrote {args.out_dir / f'backtest-{day}.md'} and .jsonl", flush=True)
    failed = [r for r in rows if r["job"] == "keel" and not str(r.get("check", "")).startswith("ok")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
