"""Futures helpers: expiry rules, map and factor files, chain universes, margin tables."""
