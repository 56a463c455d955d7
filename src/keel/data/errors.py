"""Errors raised by the data layer."""

from __future__ import annotations


class DataFormatError(ValueError):
    """A data file does not follow the expected on-disk format.

    The message names the file, the zip entry (when there is one), the 1-based line number
    and what was expected, so the user can find and fix the offending input.
    """

    def __init__(self, path: object, message: str, entry: str | None = None, line: int | None = None) -> None:
        self.path = str(path)
        self.entry = entry
        self.line = line
        where = self.path
        if entry is not None:
            where += f"#{entry}"
        if line is not None:
            where += f" line {line}"
        super().__init__(f"{where}: {message}")
