"""Entry point of the ``keel`` command: backtest, demo, regressions, sim."""

from __future__ import annotations

import argparse
import importlib
import sys

from keel import __version__

_COMMANDS = ("keel.cli.backtest", "keel.cli.demo", "keel.cli.regressions", "keel.cli.sim")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available sub-command."""
    parser = argparse.ArgumentParser(prog="keel", description="LEAN-compatible futures trading engine")
    parser.add_argument("--version", action="version", version=f"keel {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``keel`` command; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
