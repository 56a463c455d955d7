"""US equities (SPY for benchmarks and LEAN's equity regressions)."""

from __future__ import annotations

from typing import Any

from keel.model.enums import DataNormalizationMode
from keel.securities.security import Security


class Equity(Security):
    """An equity; prices are split- and dividend-adjusted by default, as in LEAN."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_normalization_mode = DataNormalizationMode.ADJUSTED
        self.primary_exchange = ""
