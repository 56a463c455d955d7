"""Venue-neutral FIX glue over QuickFIX: session settings, redacted logging, dictionaries, helpers.

Only :mod:`keel.fix.redact` and :mod:`keel.fix.dictionary` are importable without the optional
``quickfix`` package (``pip install keel[tt]``); the other modules import it.
"""
