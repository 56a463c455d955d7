"""Readers for LEAN's on-disk data format (zip files of CSV entries)."""
