"""Market hours: LEAN's market-hours database (or Keel's built-in tables) and exchange calendars."""

from keel.data.market_hours.calendar import daily_calendar, strict_daily_bar_times, strict_daily_times_utc
from keel.data.market_hours.database import (
    MarketHoursDatabase,
    MarketHoursEntry,
    MarketHoursNotFoundError,
    database_key,
)
from keel.data.market_hours.hours import (
    LocalMarketHours,
    MarketHoursSegment,
    MarketHoursState,
    SecurityExchangeHours,
)

__all__ = [
    "LocalMarketHours",
    "MarketHoursDatabase",
    "MarketHoursEntry",
    "MarketHoursNotFoundError",
    "MarketHoursSegment",
    "MarketHoursState",
    "SecurityExchangeHours",
    "daily_calendar",
    "database_key",
    "strict_daily_bar_times",
    "strict_daily_times_utc",
]
