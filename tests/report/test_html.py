"""Tests for keel.report (HTML page and SVG charts), parsed with html.parser."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from keel.engine.results import BacktestResult, drawdown_series
from keel.report import render_report
from keel.report.html import MAX_ORDER_ROWS, heat_colour, monthly_returns
from keel.report.svg import Series, downsample, line_chart, nice_ticks

UTC = UTC


class Collector(HTMLParser):
    """Collects start tags with attributes, ids and text per section."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.section_text: dict[str, list[str]] = {}
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "section":
            self._section = a.get("id")
            self.section_text[self._section or ""] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._section is not None:
            self.section_text[self._section].append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)

    def section(self, name: str) -> str:
        return " ".join(self.section_text.get(name, []))


def parse(page: str) -> Collector:
    c = Collector()
    c.feed(page)
    c.close()
    return c


def make_result(n_orders: int = 3) -> BacktestResult:
    start = datetime(2013, 1, 31, 5, tzinfo=UTC)
    # month ends: Jan 100000, Feb 110000 (+10%), Mar 99000 (-10%), Apr 103950 (+5%)
    equity = [
        (start, 100000.0),
        (start + timedelta(days=28), 110000.0),
        (start + timedelta(days=59), 99000.0),
        (start + timedelta(days=89), 103950.0),
    ]
    orders = [
        {
            "id": i + 1,
            "symbol": {"value": "ESZ13"},
            "type": "Market",
            "status": "Filled",
            "quantity": 1 if i % 2 == 0 else -1,
            "price": 1600.25 + i,
            "time": start + timedelta(minutes=i),
            "tag": "<b>tag</b>",
        }
        for i in range(n_orders)
    ]
    return BacktestResult(
        statistics={
            "Total Orders": str(n_orders),
            "Net Profit": "3.950%",
            "Sharpe Ratio": "-31.63",
            "Total Fees": "$6237.00",
        },
        runtime_statistics={"Equity": "$103,950.00", "Fees": "-$6,237.00"},
        orders=orders,
        charts={
            "Strategy Equity": {"Equity": equity},
            "Benchmark": {"Benchmark": [(t, 1500.0 + i * 10) for i, (t, _) in enumerate(equity)]},
        },
        algorithm_configuration={"name": "My <Algo>", "startDate": "2013-01-31"},
        logs=[f"log line {i}" for i in range(5)],
        data_points=40308,
        history_data_points=354,
    )


class TestPage:
    def test_sections_and_numbers(self) -> None:
        page = render_report(make_result())
        doc = parse(page)
        ids = {a.get("id") for t, a in doc.tags if t == "section"}
        assert {"statistics", "equity", "drawdown", "monthly", "orders", "runtime", "logs"} <= ids
        stats = doc.section("statistics")
        for text in ("Net Profit", "3.950%", "-31.63", "$6237.00"):
            assert text in stats
        assert "$103,950.00" in doc.section("runtime")
        assert "40,308" in " ".join(doc.text) and "354" in " ".join(doc.text)
        assert "log line 4" in doc.section("logs")

    def test_monthly_returns_table(self) -> None:
        doc = parse(render_report(make_result()))
        monthly = doc.section("monthly")
        for text in ("2013", "Feb", "10.00%", "-10.00%", "5.00%", "3.95%"):
            assert text in monthly, text

    def test_charts_are_inline_svg(self) -> None:
        page = render_report(make_result())
        doc = parse(page)
        assert doc.count("svg") == 2
        assert doc.count("polyline") == 3  # equity, rebased benchmark, drawdown
        assert doc.count("polygon") == 1  # drawdown area

    def test_self_contained_and_escaped(self) -> None:
        page = render_report(make_result())
        doc = parse(page)
        assert doc.count("script") == 0 and doc.count("link") == 0 and doc.count("img") == 0
        for _, attrs in doc.tags:
            for key in ("src", "href"):
                assert key not in attrs
        assert "<b>tag</b>" not in page and "&lt;b&gt;tag&lt;/b&gt;" in page
        assert "My &lt;Algo&gt;" in page

    def test_orders_table(self) -> None:
        doc = parse(render_report(make_result(3)))
        orders = doc.section("orders")
        assert "ESZ13" in orders and "1602.25" in orders and "Filled" in orders
        assert doc.count("tr") >= 4

    def test_orders_table_names_leans_integer_enums(self) -> None:
        """result.json's orders carry LEAN's integer type/status/direction: the table names them."""
        result = make_result(1)
        result.orders = [{"id": 1, "symbol": {"value": "ES20Z13", "id": "ES VMKLFZIH2MTD", "permtick": "ES20Z13"},
                          "type": 2, "status": 2, "direction": 1, "quantity": -1.0, "price": 1670.5}]  # fmt: skip
        orders = parse(render_report(result)).section("orders")
        assert "StopMarket" in orders and "PartiallyFilled" in orders and "Sell" in orders and "ES20Z13" in orders
        assert "ES VMKLFZIH2MTD" not in orders

    def test_orders_capped_with_note(self) -> None:
        page = render_report(make_result(MAX_ORDER_ROWS + 1700))
        doc = parse(page)
        order_rows = page.split('<table class="orders">')[1].split("</table>")[0].count("<tr>")
        assert order_rows == MAX_ORDER_ROWS + 1  # header + capped rows
        assert f"first {MAX_ORDER_ROWS:,} of {MAX_ORDER_ROWS + 1700:,} orders" in doc.section("orders")

    def test_empty_result_renders(self) -> None:
        doc = parse(render_report(BacktestResult()))
        assert "no data" in " ".join(doc.text)
        assert "no orders" in doc.section("orders")


class TestHelpers:
    def test_monthly_returns(self) -> None:
        r = make_result()
        pts = sorted((t.timestamp(), v) for t, v in r.charts["Strategy Equity"]["Equity"])  # type: ignore[union-attr]
        m = monthly_returns(pts)
        assert list(m) == [(2013, 1), (2013, 2), (2013, 3), (2013, 4)]
        assert m[(2013, 1)] == 0.0
        assert m[(2013, 2)] == pytest.approx(0.10)
        assert m[(2013, 3)] == pytest.approx(-0.10)
        assert m[(2013, 4)] == pytest.approx(0.05)
        assert monthly_returns([]) == {}

    def test_heat_colour(self) -> None:
        assert heat_colour(0.0, 1.0) == "#ffffff"
        assert heat_colour(0.1, 0.1) == "rgb(120,235,120)"
        assert heat_colour(-0.05, 0.1).startswith("rgb(245,")
        assert heat_colour(0.5, 0.1) == heat_colour(0.1, 0.1)  # capped

    def test_nice_ticks(self) -> None:
        assert nice_ticks(0, 100) == [0, 25, 50, 75, 100] or nice_ticks(0, 100) == [0, 50, 100]
        ticks = nice_ticks(99000, 110000)
        assert ticks[0] >= 99000 and ticks[-1] <= 110000 and len(ticks) >= 3
        assert nice_ticks(5, 5) == [5]

    def test_downsample_keeps_extremes(self) -> None:
        pts = [(float(i), float(i % 97)) for i in range(10000)]
        pts[5000] = (5000.0, 1e6)
        pts[7000] = (7000.0, -1e6)
        small = downsample(pts, 500)
        assert len(small) <= 502
        assert (5000.0, 1e6) in small and (7000.0, -1e6) in small
        assert small[0][0] == 0.0 and small[-1] == pts[-1]

    def test_line_chart_scales_into_viewbox(self) -> None:
        svg = line_chart([Series("x", [(0.0, 1.0), (86400.0, 2.0)])], title="t", width=400, height=200)
        doc = parse(svg)
        poly = next(a for t, a in doc.tags if t == "polyline")
        coords = [tuple(map(float, p.split(","))) for p in (poly["points"] or "").split()]
        assert all(0 <= x <= 400 and 0 <= y <= 200 for x, y in coords)
        assert coords[0][1] > coords[1][1]  # higher value drawn higher

    def test_drawdown_from_equity_when_chart_missing(self) -> None:
        r = make_result()
        page = render_report(r)
        eq = r.charts["Strategy Equity"]["Equity"]
        assert min(v for _, v in drawdown_series(eq)) == pytest.approx(-10.0)
        assert "-10" in parse(page).section("drawdown")


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None, reason="no headless Chromium")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report(make_result()), encoding="utf-8")
    proc = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Monthly returns" in proc.stdout and "<svg" in proc.stdout


def test_user_charts_get_their_own_section_scatter_as_dots() -> None:
    result = make_result()
    t0 = datetime(2013, 2, 1, tzinfo=UTC)
    result.charts["Strategy"] = {
        "Price": [(t0, 1.0), (t0 + timedelta(days=1), 2.0)],
        "Buys": [(t0, 1.5)],
    }
    result.series_properties = {
        "Strategy": {
            "Price": {"unit": "$", "index": 0, "seriesType": 0, "color": "", "scatterMarkerSymbol": "none"},
            "Buys": {"unit": "$", "index": 0, "seriesType": 1, "color": "#00ff00", "scatterMarkerSymbol": "triangle"},
        }
    }
    doc = parse(render_report(result))
    assert "charts" in {a.get("id") for t, a in doc.tags if t == "section"}
    assert "Strategy" in doc.section("charts") and "Price" in doc.section("charts")
    assert doc.count("svg") == 3 and doc.count("polyline") == 4  # the user chart's line
    assert doc.count("circle") == 1 and ("g", {"fill": "#00ff00"}) in doc.tags  # the scatter series
    assert "charts" not in {a.get("id") for t, a in parse(render_report(make_result())).tags if t == "section"}
