"""Secrets never reach logs."""

from __future__ import annotations

import logging

import pytest

from keel.fix.redact import redact


def test_password_tags_are_masked_and_soh_shown_as_pipe() -> None:
    raw = "8=FIX.4.4\x0135=A\x0196=secret\x01553=user\x01554=pw\x011096=keep\x0110=1\x01"
    assert redact(raw) == "8=FIX.4.4|35=A|96=***|553=user|554=***|1096=keep|10=1|"


def test_fix_message_log_masks_password(caplog: pytest.LogCaptureFixture) -> None:
    fix = pytest.importorskip("quickfix")
    from keel.fix.log import FixMessageLog
    from keel.fix.message import build

    message = build("A", [(96, "hunter2"), (553, "trader"), (98, "0"), (108, "30")])
    with caplog.at_level(logging.INFO):
        FixMessageLog("keel.test.fix").message("in", fix.SessionID("FIX.4.4", "A", "B"), message)
    assert "hunter2" not in caplog.text and "96=***" in caplog.text


def test_messages_without_secret_tags_only_show_soh_as_pipe() -> None:
    assert redact("8=FIX.4.4\x0135=8\x0111=a\x01") == "8=FIX.4.4|35=8|11=a|"
    # "1096=" contains the probe "96=": the full pattern runs and keeps the value.
    assert redact("35=A\x011096=x\x0196=pw\x01") == "35=A|1096=x|96=***|"

