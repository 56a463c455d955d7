"""Local simulators of trading venues (``keel sim tt``)."""
