"""Deterministic synthetic data: LEAN-format futures datasets and the shared benchmark bar series."""

from keel.data.synthetic.benchmark import benchmark_bars_csv, generate_benchmark_bars
from keel.data.synthetic.lean_dataset import generate_lean_futures_dataset

__all__ = ["benchmark_bars_csv", "generate_benchmark_bars", "generate_lean_futures_dataset"]
