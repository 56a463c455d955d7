"""Data layer: LEAN on-disk readers, market hours, symbol properties and futures helpers."""
