"""Fixtures: a running simulator (no background liquidity) and TT-style QuickFIX clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("quickfix")

from keel.sim.tt.client import TTFixClient
from keel.sim.tt.config import LiquidityConfig, SimConfig
from keel.sim.tt.simulator import TTSimulator

LISTING_DATE = "2026-11-20"


def quiet_config(**changes: Any) -> SimConfig:
    """Config for tests: no background liquidity, outbound validation on, fixed listing date."""
    base = SimConfig(liquidity=LiquidityConfig(mode="none"), validate_outbound=True, listing_date=LISTING_DATE)
    return base.with_overrides(**changes)


@pytest.fixture
def sim() -> Iterator[TTSimulator]:
    """A started simulator; fails the test if anything it sent failed dictionary validation."""
    simulator = TTSimulator(quiet_config()).start()
    try:
        yield simulator
    finally:
        simulator.stop()
    assert simulator.outbound_errors == []


ClientFactory = Callable[..., TTFixClient]


@pytest.fixture
def connect(sim: TTSimulator) -> Iterator[ClientFactory]:
    """Factory of started clients (``kind`` = order | market_data); all are stopped afterwards and
    none may have rejected a simulator message at the session level."""
    clients: list[TTFixClient] = []

    def factory(kind: str = "order", ready: bool = True, **options: Any) -> TTFixClient:
        endpoints = sim.endpoints
        assert endpoints is not None
        user = options.pop("user", sim.config.users[0])
        if kind == "order":
            port, sender, target = endpoints.order_port, user.order_comp_id, endpoints.order_comp_id
        else:
            port, sender, target = endpoints.md_port, user.md_comp_id, endpoints.md_comp_id
        client = TTFixClient(endpoints.host, port, options.pop("sender", sender), target, user, **options)
        clients.append(client)
        client.start()
        if ready:
            client.wait_ready()
        return client

    yield factory
    for client in clients:
        client.stop()
    for client in clients:
        assert client.session_rejects_sent == [], "a simulator message failed the client's dictionary"


@pytest.fixture
def trader(connect: ClientFactory) -> TTFixClient:
    """A ready order-routing client."""
    return connect("order")
