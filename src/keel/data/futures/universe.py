"""Futures chain universe files (``future/<market>/universes/<root>/YYYYMMDD.csv``).

Header ``#expiry,open,high,low,close,volume,open_interest``; one line per listed contract with
its contract month ``YYYYMM`` and the previous trading day's OHLCV and open interest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from keel.data.errors import DataFormatError
from keel.model.aliases import add_pascal_aliases
from keel.model.bars import BaseData
from keel.model.symbol import Symbol

_DATED_CSV = re.compile(r"^(\d{8})\.csv$")


@dataclass(frozen=True, slots=True)
class ChainRow:
    """One listed contract of a chain file (prices of the previous trading day)."""

    contract_month: str
    open: float
    high: float
    low: float
    close: float
    volume: float
    open_interest: float


def chain_folder(folder: str | Path, market: str, root: str) -> Path:
    """``<folder>/future/<market>/universes/<root>``."""
    return Path(folder) / "future" / market.lower() / "universes" / root.lower()


def chain_path(folder: str | Path, market: str, root: str, day: date) -> Path:
    """The chain file of ``day``."""
    return chain_folder(folder, market, root) / f"{day:%Y%m%d}.csv"


def _number(text: str) -> float:
    return float(text) if text.strip() else float("nan")


def read_chain(folder: str | Path, market: str, root: str, day: date) -> list[ChainRow]:
    """Rows of the chain file of ``day``; a missing file gives ``[]``."""
    path = chain_path(folder, market, root, day)
    if not path.is_file():
        return []
    rows: list[ChainRow] = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split(",")
        if len(fields) == 6:
            fields.append("")  # no open interest column (LEAN parses the row lazily: none)
        if len(fields) != 7 or not re.fullmatch(r"\d{6}", fields[0]):
            raise DataFormatError(
                path,
                f"expected 'YYYYMM,open,high,low,close,volume,open_interest', found {line!r}",
                line=number,
            )
        try:
            values = [_number(f) for f in fields[1:]]
        except ValueError:
            raise DataFormatError(
                path, f"expected numbers after the contract month, found {line!r}", line=number
            ) from None
        rows.append(ChainRow(fields[0], *values))
    return rows


def available_chain_dates(folder: str | Path, market: str, root: str) -> list[date]:
    """Sorted dates having a chain file (empty when the folder is missing)."""
    base = chain_folder(folder, market, root)
    if not base.is_dir():
        return []
    days: list[date] = []
    for child in base.iterdir():
        match = _DATED_CSV.match(child.name)
        if match:
            text = match.group(1)
            days.append(date(int(text[:4]), int(text[4:6]), int(text[6:])))
    return sorted(days)


class FutureUniverse(BaseData):
    """One contract of a chain universe file as LEAN's ``FutureUniverse`` data point.

    ``time`` is the file's date and ``end_time`` one day later (LEAN's ``BaseChainUniverseData``);
    ``value`` is the close. Chain filters (``universe.contracts(lambda rows: ...)``) and
    ``history(FutureUniverse, ...)`` hand these out.
    """

    __slots__ = ("close", "high", "low", "open", "open_interest", "volume")

    data_type_name = "FutureUniverse"

    def __init__(self, symbol: Symbol, time: datetime, row: ChainRow | None = None) -> None:
        close = row.close if row is not None else 0.0
        super().__init__(symbol, time, time + timedelta(days=1), close)
        self.open = row.open if row is not None else 0.0
        self.high = row.high if row is not None else 0.0
        self.low = row.low if row is not None else 0.0
        self.close = close
        self.volume = row.volume if row is not None else 0.0
        oi = row.open_interest if row is not None else 0.0
        self.open_interest = 0.0 if oi != oi else oi  # an empty field reads as NaN

    @property
    def id(self) -> Any:
        """The contract's security identifier (LEAN's ``FutureUniverse.ID``)."""
        return self.symbol.id

    ID = id

    def __repr__(self) -> str:
        return f"FutureUniverse({self.symbol}, {self.time:%Y-%m-%d}, oi={self.open_interest})"


add_pascal_aliases(FutureUniverse)
