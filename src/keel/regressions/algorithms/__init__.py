"""Keel's ports of LEAN's public futures regression algorithms (one ``<LeanName>.py`` per class).

Each file is written from the algorithm's description in LEAN's regression catalogue, in
LEAN's Python API (``from AlgorithmImports import *``), with LEAN's own assertions raised as
exceptions. ``_*.py`` files are shared helpers, not algorithms.
"""
