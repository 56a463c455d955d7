"""Equity corporate-action factor files (``equity/<market>/factor_files/<ticker>.csv``).

One CSV row per line: ``yyyymmdd,price_factor,split_factor[,reference_price]``. As LEAN's
``CorporateFactorProvider.GetPriceFactor`` does, the factor for a date is the one of the earliest
row dated on or after that date (1 when no row is). ``Adjusted``/``ScaledRaw`` use
``price_factor * split_factor``; ``SplitAdjusted``/``TotalReturn`` use ``split_factor``; ``Raw``
leaves prices alone. Adjusted prices are ``raw * factor`` and volumes ``round(raw / factor)``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from keel.data.errors import DataFormatError
from keel.model.enums import DataNormalizationMode

PRICE_FACTOR_MODES = frozenset({DataNormalizationMode.ADJUSTED, DataNormalizationMode.SCALED_RAW})
"""Normalization modes whose prices a factor file scales by its price factor (and split factor)."""
SPLIT_FACTOR_MODES = frozenset({DataNormalizationMode.SPLIT_ADJUSTED, DataNormalizationMode.TOTAL_RETURN})
"""Normalization modes whose prices a factor file scales by its split factor only."""
FACTOR_ADJUSTED_MODES = PRICE_FACTOR_MODES | SPLIT_FACTOR_MODES
"""Every normalization mode a factor file adjusts."""


@dataclass(frozen=True, slots=True)
class CorporateFactorRow:
    """One factor-file row: factors that apply to every date up to and including ``date``."""

    date: date
    price_factor: float
    split_factor: float
    reference_price: float = 0.0

    @property
    def price_scale_factor(self) -> float:
        """``price_factor * split_factor`` (LEAN's ``PriceScaleFactor``)."""
        return self.price_factor * self.split_factor


class CorporateFactorFile:
    """Split and dividend factors of one equity (LEAN's ``CorporateFactorProvider``)."""

    def __init__(self, ticker: str, rows: list[CorporateFactorRow], source: str = "") -> None:
        self.ticker = ticker
        self.rows = sorted(rows, key=lambda r: r.date)
        self.source = source
        self._dates = [r.date for r in self.rows]

    @classmethod
    def read(cls, path: str | Path) -> CorporateFactorFile:
        """Parse a factor file; a missing file gives an empty one (every factor is 1)."""
        path = Path(path)
        ticker = path.stem.upper()
        if not path.is_file():
            return cls(ticker, [], str(path))
        rows: list[CorporateFactorRow] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            parts = text.split(",")
            try:
                day = datetime.strptime(parts[0].strip(), "%Y%m%d").date()
                reference = float(parts[3]) if len(parts) > 3 and parts[3].strip() else 0.0
                rows.append(CorporateFactorRow(day, float(parts[1]), float(parts[2]), reference))
            except (ValueError, IndexError) as exc:
                raise DataFormatError(
                    path,
                    f"expected yyyymmdd,price_factor,split_factor[,reference_price] ({type(exc).__name__}: {exc})",
                    line=number,
                ) from None
        return cls(ticker, rows, str(path))

    @classmethod
    def from_data_folder(cls, folder: str | Path, market: str, ticker: str) -> CorporateFactorFile:
        """``<folder>/equity/<market>/factor_files/<ticker>.csv``."""
        return cls.read(Path(folder) / "equity" / market.lower() / "factor_files" / f"{ticker.lower()}.csv")

    def __len__(self) -> int:
        return len(self.rows)

    def row_for(self, day: date | datetime) -> CorporateFactorRow | None:
        """The row applying to ``day``: the earliest dated on or after it (None if none)."""
        if isinstance(day, datetime):
            day = day.date()
        index = bisect.bisect_left(self._dates, day)
        return self.rows[index] if index < len(self.rows) else None

    def price_factor(self, day: date | datetime, mode: DataNormalizationMode) -> float:
        """Multiplier from raw to ``mode`` prices on ``day`` (1 for Raw and other modes)."""
        mode = DataNormalizationMode(mode)
        if mode not in FACTOR_ADJUSTED_MODES:
            return 1.0
        row = self.row_for(day)
        if row is None:
            return 1.0
        return row.price_scale_factor if mode in PRICE_FACTOR_MODES else row.split_factor


__all__ = [
    "FACTOR_ADJUSTED_MODES",
    "PRICE_FACTOR_MODES",
    "SPLIT_FACTOR_MODES",
    "CorporateFactorFile",
    "CorporateFactorRow",
]
