"""Continuous-futures price factor files (``future/<market>/factor_files/<root>.csv``).

One JSON object per line: ``Date``, ``BackwardsRatioScale[3]``, ``BackwardsPanamaCanalScale[3]``,
``ForwardPanamaCanalScale[3]`` (per contract depth offset 0, 1, 2) and ``DataMappingMode``.
LEAN (``MappingContractFactorProvider.GetPriceFactor``) uses the row with the earliest date on or
after the search date (matching the mapping mode); when there is none the neutral factor applies.
BackwardsRatio multiplies prices; the Panama-canal modes add the factor.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from keel.data.errors import DataFormatError
from keel.model.enums import DataMappingMode, DataNormalizationMode

_SUPPORTED = (
    DataNormalizationMode.RAW,
    DataNormalizationMode.BACKWARDS_RATIO,
    DataNormalizationMode.BACKWARDS_PANAMA_CANAL,
    DataNormalizationMode.FORWARD_PANAMA_CANAL,
)


@dataclass(frozen=True, slots=True)
class FactorFileRow:
    """One factor row; the tuples are indexed by contract depth offset."""

    date: datetime
    mapping_mode: DataMappingMode
    backwards_ratio: tuple[float, ...]
    backwards_panama: tuple[float, ...]
    forward_panama: tuple[float, ...]


class FactorFile:
    """Price factors of one futures root."""

    def __init__(self, root: str, rows: list[FactorFileRow], source: str = "") -> None:
        self.root = root
        self.rows = sorted(rows, key=lambda r: (r.date, int(r.mapping_mode)))
        self.source = source
        self._by_mode: dict[DataMappingMode, list[FactorFileRow]] = {}
        for row in self.rows:
            self._by_mode.setdefault(row.mapping_mode, []).append(row)
        self._dates = {mode: [r.date.date() for r in rows] for mode, rows in self._by_mode.items()}

    @classmethod
    def read(cls, path: str | Path) -> FactorFile:
        """Parse a factor file; a missing file gives an empty factor file (neutral factors)."""
        path = Path(path)
        root = path.stem.upper()
        if not path.is_file():
            return cls(root, [], str(path))
        rows: list[FactorFileRow] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                rows.append(
                    FactorFileRow(
                        datetime.fromisoformat(obj["Date"]),
                        DataMappingMode(int(obj["DataMappingMode"])),
                        tuple(float(x) for x in obj["BackwardsRatioScale"]),
                        tuple(float(x) for x in obj["BackwardsPanamaCanalScale"]),
                        tuple(float(x) for x in obj["ForwardPanamaCanalScale"]),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise DataFormatError(
                    path,
                    "expected a JSON object with Date, BackwardsRatioScale, BackwardsPanamaCanalScale, "
                    f"ForwardPanamaCanalScale and DataMappingMode ({type(exc).__name__}: {exc})",
                    line=number,
                ) from None
        return cls(root, rows, str(path))

    @classmethod
    def from_data_folder(cls, folder: str | Path, market: str, root: str) -> FactorFile:
        """``<folder>/future/<market>/factor_files/<root>.csv``."""
        return cls.read(Path(folder) / "future" / market.lower() / "factor_files" / f"{root.lower()}.csv")

    def __len__(self) -> int:
        return len(self.rows)

    def row_for(self, day: date | datetime, mapping_mode: DataMappingMode) -> FactorFileRow | None:
        """The row LEAN uses for ``day``: earliest date >= ``day`` with this mode (None if none)."""
        if isinstance(day, datetime):
            day = day.date()
        dates = self._dates.get(DataMappingMode(mapping_mode))
        if not dates:
            return None
        index = bisect.bisect_left(dates, day)
        return self._by_mode[DataMappingMode(mapping_mode)][index] if index < len(dates) else None

    def price_factor(
        self,
        dt: date | datetime,
        normalization_mode: DataNormalizationMode,
        mapping_mode: DataMappingMode,
        depth_offset: int = 0,
    ) -> tuple[float, float]:
        """``(scale, offset)`` such that adjusted = raw * scale + offset.

        Raw -> (1, 0); BackwardsRatio -> (factor, 0); Backwards/ForwardPanamaCanal -> (1, factor).
        """
        mode = DataNormalizationMode(normalization_mode)
        if mode == DataNormalizationMode.RAW:
            return 1.0, 0.0
        if mode not in _SUPPORTED:
            raise ValueError(
                f"normalization mode {mode.name} is not defined for futures; use Raw, "
                "BackwardsRatio, BackwardsPanamaCanal or ForwardPanamaCanal"
            )
        row = self.row_for(dt, mapping_mode)
        if mode == DataNormalizationMode.BACKWARDS_RATIO:
            values = row.backwards_ratio if row else ()
            return (values[depth_offset] if depth_offset < len(values) else 1.0), 0.0
        values = (
            (
                row.backwards_panama
                if mode == DataNormalizationMode.BACKWARDS_PANAMA_CANAL
                else row.forward_panama
            )
            if row
            else ()
        )
        return 1.0, (values[depth_offset] if depth_offset < len(values) else 0.0)
