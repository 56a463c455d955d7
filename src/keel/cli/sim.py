"""``keel sim tt``: run the local TT simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any

from keel.sim.tt.config import ConfigError, SimConfig, load_config


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``sim`` with its ``tt`` sub-command to the ``keel`` command line."""
    sim = subparsers.add_parser("sim", help="run a local venue simulator")
    venues = sim.add_subparsers(dest="venue", required=True)
    tt = venues.add_parser("tt", help="Trading Technologies: FIX 4.4 order routing + market data, REST API")
    tt.add_argument("--config", metavar="FILE", help="TOML config file (flags override it)")
    tt.add_argument("--host", help="listen address (default 127.0.0.1)")
    tt.add_argument("--order-port", type=int, help="order routing FIX port (0 = any free port)")
    tt.add_argument("--md-port", type=int, help="market data FIX port (0 = any free port)")
    tt.add_argument("--rest-port", type=int, help="REST API port (0 = any free port)")
    tt.add_argument("--tls", action="store_true", default=None, help="TLS on FIX and REST (self-signed)")
    tt.add_argument("--seed", type=int, help="seed of the synthetic market and of ids")
    tt.add_argument("--liquidity", choices=("synthetic", "replay", "none"), help="background liquidity source")
    tt.add_argument("--data-folder", help="LEAN data folder for --liquidity replay")
    tt.add_argument("--replay-date", action="append", metavar="YYYY-MM-DD", help="date to replay (repeatable)")
    tt.add_argument("--replay-root", help="futures root to replay, e.g. es (default es)")
    tt.add_argument("--replay-market", help="LEAN market of the root, e.g. cme (default cme)")
    tt.add_argument("--speed", type=float, help="replay speed multiple (1 = real time)")
    tt.add_argument("--log-fix", action="store_true", default=None, help="log FIX messages (secrets masked)")
    tt.set_defaults(handler=run_tt)


def config_from_args(args: argparse.Namespace) -> SimConfig:
    """The simulator config: the file (if any) with the flags applied on top."""
    config = load_config(args.config) if args.config else SimConfig()
    overrides: dict[str, Any] = {
        "host": args.host,
        "order_routing.port": args.order_port,
        "market_data.port": args.md_port,
        "rest.port": args.rest_port,
        "tls.enabled": args.tls,
        "seed": args.seed,
        "liquidity.mode": args.liquidity,
        "liquidity.data_folder": args.data_folder,
        "liquidity.replay_dates": tuple(args.replay_date) if args.replay_date else None,
        "liquidity.replay_root": args.replay_root,
        "liquidity.replay_market": args.replay_market,
        "liquidity.speed": args.speed,
        "log_fix_messages": args.log_fix,
    }
    return config.with_overrides(**{k.replace(".", "__"): v for k, v in overrides.items()})


def run_tt(args: argparse.Namespace) -> int:
    """Start the simulator, print how to connect, and serve until Ctrl-C / SIGTERM."""
    try:
        config = config_from_args(args)
    except (ConfigError, ValueError) as error:
        print(f"keel sim tt: {error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if config.log_fix_messages else logging.WARNING,
                        format="%(asctime)s %(name)s %(message)s")
    from keel.sim.tt.simulator import TTSimulator

    try:
        simulator = TTSimulator(config).start()
    except (OSError, RuntimeError, ValueError) as error:
        print(f"keel sim tt: could not start: {error}", file=sys.stderr)
        return 1
    assert simulator.endpoints is not None
    print(simulator.endpoints.describe(), flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: simulator._stop.set())
    try:
        simulator.wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m keel.cli.sim tt ...``)."""
    parser = argparse.ArgumentParser(prog="keel")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
