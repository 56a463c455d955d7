"""Session layer as TT runs it: logon checks, Recovery Complete, heartbeats, dictionary validation."""

from __future__ import annotations

import pytest

from keel.sim.tt.client import TTFixClient
from keel.sim.tt.simulator import TTSimulator

from .conftest import ClientFactory
from .rawfix import encode, exchange, exchange_until_closed, stamp


def _logout_text(client: TTFixClient) -> str:
    logout = client.wait_for(lambda m: m.msg_type == "5", 5, "Logout")
    return logout.get(58) or ""


def test_logon_answer_and_recovery_complete_on_both_sessions(connect: ClientFactory) -> None:
    for kind in ("order", "market_data"):
        client = connect(kind)
        logon = client.wait_for(lambda m: m.msg_type == "A", 2, "Logon reply")
        assert (logon[34], logon[141], logon[98]) == ("1", "Y", "0")
        assert logon.get(96) is None  # TT does not echo the password
        news = client.wait_ready()
        assert (news[148], news[33], news[58]) == ("Recovery Complete", "1", "Recovery is complete")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"password": "wrong"}, "Invalid password: RawData (96)"),
        ({"user_name": "SOMEONE"}, "Invalid UserName (553) 'SOMEONE'"),
        ({"reset_seq_num": False}, "ResetSeqNumFlag (141) must be Y"),
    ],
)
def test_bad_logon_is_refused_with_a_logout_that_says_why(
    connect: ClientFactory, options: dict[str, object], expected: str
) -> None:
    client = connect("order", ready=False, **options)
    assert expected in _logout_text(client)
    assert client.logons == 0


def test_reset_logon_with_sequence_number_above_one_is_refused(sim: TTSimulator) -> None:
    user = sim.config.users[0]
    assert sim.endpoints is not None
    logon = encode([
        (35, "A"), (34, "5"), (49, user.order_comp_id), (52, stamp()), (56, sim.endpoints.order_comp_id),
        (116, user.name), (96, user.password), (98, "0"), (108, "30"), (141, "Y"), (553, user.name),
    ])
    reply = exchange(sim.endpoints.order_port, logon)
    assert "35=5|" in reply and "MsgSeqNum must be set to 1 (got 5)" in reply


def test_garbage_bytes_are_dropped_and_the_venue_keeps_working(sim: TTSimulator, connect: ClientFactory) -> None:
    assert sim.endpoints is not None
    exchange(sim.endpoints.order_port, b"this is not FIX\x01at all\x01", timeout=1.0)
    client = connect("order")
    assert client.logons == 1


def test_unknown_comp_id_is_disconnected_without_logon(sim: TTSimulator) -> None:
    user = sim.config.users[0]
    assert sim.endpoints is not None
    logon = encode([
        (35, "A"), (34, "1"), (49, "STRANGER"), (52, stamp()), (56, sim.endpoints.order_comp_id),
        (116, user.name), (96, user.password), (98, "0"), (108, "30"), (141, "Y"), (553, user.name),
    ])
    # waits for the acceptor to close the socket (a fixed sleep passed even if it had not yet answered)
    reply, closed = exchange_until_closed(sim.endpoints.order_port, logon, timeout=10.0)
    assert closed and reply == ""  # no Logon, no Logout: the socket is just closed


def test_heartbeats_at_the_client_interval(connect: ClientFactory) -> None:
    client = connect("order", heartbeat=1)
    client.wait_for(lambda m: m.msg_type == "0", 4, "Heartbeat from the simulator")


def test_message_failing_the_dictionary_gets_session_reject(trader: TTFixClient) -> None:
    start = trader.mark()
    trader.send("D", [(11, "x1"), (55, "ES"), (54, "1"), (38, "1"), (40, "2"), (44, "447000"), (9999, "boom")])
    reject = trader.wait_for(lambda m: m.msg_type == "3", 5, "35=3", start)
    assert reject[371] == "9999"
    trader.send("D", [(11, "x2"), (55, "ES"), (38, "1"), (40, "2")])  # 54 Side missing
    reject = trader.wait_for(lambda m: m.msg_type == "3" and m.get(371) == "54", 5, "35=3 for 54", start)
    assert reject[373] == "1"


def test_missing_on_behalf_of_is_refused(trader: TTFixClient) -> None:
    trader.user_name = "OTHER"  # 116 on application messages no longer matches the user
    start = trader.mark()
    trader.send("H", [])
    reject = trader.wait_for(lambda m: m.msg_type == "j", 5, "35=j", start)
    assert reject[380] == "6" and "OnBehalfOfSubID (116) 'OTHER'" in reject[58]


def test_reconnect_after_logout_logs_on_again(sim: TTSimulator, connect: ClientFactory) -> None:
    first = connect("order")
    first.stop()
    second = connect("order")
    assert second.logons == 1
    assert sim.order_app.logons == 2
