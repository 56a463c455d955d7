"""Risk-free interest rate as LEAN's ``InterestRateProvider`` supplies it to the statistics.

LEAN reads ``<data>/alternative/interest-rate/usa/interest-rate.csv`` (header ``DATE,<name>``,
then ``yyyy-MM-dd,<rate in percent>`` rows, one per rate change), divides by 100 and
forward-fills the rate to every calendar day from 1998-01-01 (days before the first row take the
first row's rate, days after the last row the last row's rate). The statistics use the mean of
the daily rate over the dates of all equity samples.

Without a data folder Keel falls back to :data:`FED_PRIMARY_CREDIT_RATE`, the Federal Reserve's
primary credit (discount window) rate history: Board of Governors of the Federal Reserve System,
"Primary Credit Rate" (FRED series ``PCREDIT8``/``DPCREDIT``), rate changes 2003-01-09 through
2023-07-27. Values are public facts, in percent.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from keel.engine.number_format import DEC_CONTEXT, dec_div

CSV_RELATIVE_PATH = Path("alternative") / "interest-rate" / "usa" / "interest-rate.csv"
"""Location of the rate file inside a LEAN data folder."""

FED_PRIMARY_CREDIT_RATE: tuple[tuple[str, str], ...] = (
    ("2003-01-09", "2.25"),
    ("2003-06-26", "2.00"),
    ("2004-07-01", "2.25"),
    ("2004-08-11", "2.50"),
    ("2004-09-22", "2.75"),
    ("2004-11-12", "3.00"),
    ("2004-12-15", "3.25"),
    ("2005-02-03", "3.50"),
    ("2005-03-23", "3.75"),
    ("2005-05-04", "4.00"),
    ("2005-07-01", "4.25"),
    ("2005-08-10", "4.50"),
    ("2005-09-21", "4.75"),
    ("2005-11-02", "5.00"),
    ("2005-12-14", "5.25"),
    ("2006-02-01", "5.50"),
    ("2006-03-29", "5.75"),
    ("2006-05-11", "6.00"),
    ("2006-06-30", "6.25"),
    ("2007-08-20", "5.75"),
    ("2007-09-19", "5.25"),
    ("2007-11-01", "5.00"),
    ("2007-12-12", "4.75"),
    ("2008-01-23", "4.00"),
    ("2008-01-31", "3.50"),
    ("2008-03-19", "2.50"),
    ("2008-05-01", "2.25"),
    ("2008-10-09", "1.75"),
    ("2008-10-30", "1.25"),
    ("2008-12-17", "0.50"),
    ("2010-02-19", "0.75"),
    ("2015-12-17", "1.00"),
    ("2016-12-15", "1.25"),
    ("2017-03-16", "1.50"),
    ("2017-06-15", "1.75"),
    ("2017-12-14", "2.00"),
    ("2018-03-22", "2.25"),
    ("2018-06-14", "2.50"),
    ("2018-09-27", "2.75"),
    ("2018-12-20", "3.00"),
    ("2019-08-01", "2.75"),
    ("2019-09-19", "2.50"),
    ("2019-10-31", "2.25"),
    ("2020-03-04", "1.75"),
    ("2020-03-16", "0.25"),
    ("2022-03-17", "0.50"),
    ("2022-05-05", "1.00"),
    ("2022-06-16", "1.75"),
    ("2022-07-28", "2.50"),
    ("2022-09-22", "3.25"),
    ("2022-11-03", "4.00"),
    ("2022-12-15", "4.50"),
    ("2023-02-02", "4.75"),
    ("2023-03-23", "5.00"),
    ("2023-05-04", "5.25"),
    ("2023-07-27", "5.50"),
)
"""Fed primary credit rate changes ``(date, percent)``, used when no rate file is available."""

_HUNDRED = Decimal(100)


class InterestRateProvider:
    """Daily risk-free rate (a fraction, e.g. ``Decimal("0.0075")``) from a table of rate changes.

    Call it with a date or datetime to get that day's rate (``InterestRateProvider()(d)``).
    """

    def __init__(self, changes: Iterable[tuple[date, Decimal]] | None = None) -> None:
        """Build from ``(date, fraction)`` rate changes; ``None`` uses :data:`FED_PRIMARY_CREDIT_RATE`."""
        if changes is None:
            changes = (
                (date.fromisoformat(d), dec_div(Decimal(p), _HUNDRED)) for d, p in FED_PRIMARY_CREDIT_RATE
            )
        table = sorted(changes)
        if not table:
            raise ValueError("interest rate table is empty")
        self._dates = [d for d, _ in table]
        self._rates = [r for _, r in table]

    @classmethod
    def from_csv(cls, path: str | Path | None) -> InterestRateProvider:
        """Load LEAN's rate CSV; ``path`` may be the file or a LEAN data folder.

        ``None``, a missing file or a file without rows gives the built-in table. A malformed row
        raises :class:`ValueError` naming the file and line.
        """
        if path is None:
            return cls()
        p = Path(path)
        if p.is_dir():
            p = p / CSV_RELATIVE_PATH
        if not p.is_file():
            return cls()
        changes: list[tuple[date, Decimal]] = []
        with p.open(newline="", encoding="utf-8") as fh:
            for line_no, row in enumerate(csv.reader(fh), start=1):
                if not row or not row[0].strip() or row[0].strip().upper() == "DATE":
                    continue
                try:
                    day = date.fromisoformat(row[0].strip())
                    rate = dec_div(Decimal(row[1].strip()), _HUNDRED)
                except (IndexError, ValueError, InvalidOperation) as exc:
                    raise ValueError(
                        f"{p}:{line_no}: expected 'yyyy-mm-dd,<rate percent>', got {','.join(row)!r}"
                    ) from exc
                changes.append((day, rate))
        return cls(changes) if changes else cls()

    def rate(self, day: date | datetime) -> Decimal:
        """The rate in force on ``day`` (its date part), forward-filled like LEAN."""
        d = day.date() if isinstance(day, datetime) else day
        i = bisect.bisect_right(self._dates, d) - 1
        return self._rates[max(i, 0)]

    def __call__(self, day: date | datetime) -> Decimal:
        """Same as :meth:`rate`."""
        return self.rate(day)

    def average(self, days: Iterable[date | datetime]) -> Decimal:
        """Mean rate over ``days`` (each occurrence counts; empty gives 0), in decimal arithmetic."""
        total = Decimal(0)
        count = 0
        for day in days:
            total = DEC_CONTEXT.add(total, self.rate(day))
            count += 1
        return dec_div(total, Decimal(count)) if count else Decimal(0)


def risk_free_rate_from_csv(path: str | Path | None, dates: Iterable[date | datetime]) -> float:
    """Average risk-free rate over ``dates`` from LEAN's interest-rate CSV (or the built-in table).

    ``path`` is the CSV file, a LEAN data folder, or ``None`` for the built-in Fed table.
    """
    return float(InterestRateProvider.from_csv(path).average(dates))
