"""keel.fix.log: FIX traffic in ``logging``, synchronously or from a background writer."""

from __future__ import annotations

import logging

import pytest

fix = pytest.importorskip("quickfix")

from keel.fix.log import FixMessageLog  # noqa: E402
from keel.fix.message import build  # noqa: E402

SESSION = fix.SessionID("FIX.4.4", "A", "B")


def test_the_type_is_read_from_the_text(caplog: pytest.LogCaptureFixture) -> None:
    log = FixMessageLog("keel.test.fix.types")
    with caplog.at_level(logging.INFO):
        log.message("out", SESSION, build("0", []))                 # heartbeat: quiet
        log.message("out", SESSION, build("8", [(11, "c-1")]))
        log.verbose = True
        log.message("out", SESSION, build("X", [(262, "md-1")]))    # market data: only when verbose
    assert "35=0" not in caplog.text
    assert "out FIX.4.4:A->B 8=FIX.4.4|9=" in caplog.text and "|35=8|11=c-1|" in caplog.text
    assert "|35=X|262=md-1|" in caplog.text


def test_background_log_keeps_order_time_and_redaction(caplog: pytest.LogCaptureFixture) -> None:
    log = FixMessageLog("keel.test.fix.background", background=True)
    with caplog.at_level(logging.INFO):
        log.event(SESSION, "logon")
        log.message("in", SESSION, build("A", [(96, "hunter2"), (553, "trader")]))
        log.message("out", SESSION, build("8", [(11, "c-1")]))
        log.close()  # writes what the writer thread has not written yet
        log.event(SESSION, "after close")  # written at once
    records = [r for r in caplog.records if r.name == "keel.test.fix.background"]
    texts = [r.getMessage() for r in records]
    assert texts[0] == "FIX.4.4:A->B logon" and texts[-1] == "FIX.4.4:A->B after close"
    assert "96=***" in texts[1] and "hunter2" not in caplog.text and "|11=c-1|" in texts[2]
    assert [r.created for r in records] == sorted(r.created for r in records)


def test_disabled_log_writes_nothing(caplog: pytest.LogCaptureFixture) -> None:
    log = FixMessageLog("keel.test.fix.off", enabled=False, background=True)
    with caplog.at_level(logging.INFO):
        log.message("in", SESSION, build("8", [(11, "c-1")]))
        log.event(SESSION, "logon")
        log.close()
    assert not [r for r in caplog.records if r.name == "keel.test.fix.off"]
