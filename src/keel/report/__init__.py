"""HTML report of a Keel run (self-contained page with inline SVG charts)."""

from keel.report.html import render_report

__all__ = ["render_report"]
