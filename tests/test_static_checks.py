"""The house rules as tests: ruff clean everywhere, mypy clean on the core packages."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = [
    "src/keel/model",
    "src/keel/engine",
    "src/keel/securities",
    "src/keel/reality",
    "src/keel/algorithm/algorithm.py",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "src", "tests", "bench", "examples")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed")
def test_mypy_is_clean_on_the_core() -> None:
    done = _run("mypy", *CORE)
    assert done.returncode == 0, done.stdout + done.stderr
