"""A dependency-free progress bar for terminals (silent when stderr is not a TTY)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Draws ``[#####.....]  52%  12.3s`` on one line of ``stream``."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30, force: bool = False) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = force or self.stream.isatty()
        self.started = time.perf_counter()
        self._last_drawn = -1

    def __call__(self, fraction: float) -> None:
        """Show progress ``fraction`` (0..1)."""
        if not self.enabled:
            return
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        if percent == self._last_drawn:
            return
        self._last_drawn = percent
        filled = self.width * percent // 100
        elapsed = time.perf_counter() - self.started
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%  {elapsed:6.1f}s")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self._last_drawn >= 0:
            self.stream.write("\n")
            self.stream.flush()
