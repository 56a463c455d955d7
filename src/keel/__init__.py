"""Keel: LEAN-compatible futures backtesting and live trading in pure Python."""

__version__ = "0.1.0"
