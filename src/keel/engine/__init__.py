"""Keel's engine: event loop, transactions, results and statistics."""
