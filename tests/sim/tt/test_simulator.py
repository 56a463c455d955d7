"""keel.sim.tt.simulator: the ports a simulator picks for itself never coincide."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from keel.sim.tt import simulator as simulator_module
from keel.sim.tt.simulator import TTSimulator, free_ports

from .conftest import quiet_config


class _EagerKernel:
    """Stands in for ``socket`` in the simulator module: ``bind((host, 0))`` gets the first of
    ``ports`` not held by an open probe, i.e. a port is handed out again as soon as it is released
    (what Linux does now and then: the source of a rare "address already in use" at start)."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.held: set[int] = set()
        self.AF_INET, self.SOCK_STREAM = socket.AF_INET, socket.SOCK_STREAM
        kernel = self

        class Probe:
            def __init__(self, *_: Any) -> None:
                self.port: int | None = None

            def bind(self, address: tuple[str, int]) -> None:
                self.port = next(p for p in kernel.ports if p not in kernel.held)
                kernel.held.add(self.port)

            def getsockname(self) -> tuple[str, int]:
                assert self.port is not None
                return ("127.0.0.1", self.port)

            def close(self) -> None:
                kernel.held.discard(self.port)  # type: ignore[arg-type]

            def __enter__(self) -> Probe:
                return self

            def __exit__(self, *_: object) -> None:
                self.close()

        self.socket = Probe


def test_free_ports_are_distinct_even_when_the_kernel_reuses_released_ports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulator_module, "socket", _EagerKernel([50001, 50003, 50005]))
    assert free_ports("127.0.0.1", 3) == [50001, 50003, 50005]
    assert simulator_module.free_port() == 50001


@pytest.mark.parametrize("tls", [False, True])
def test_a_simulator_picking_its_ports_gets_distinct_ones(monkeypatch: pytest.MonkeyPatch, tls: bool) -> None:
    real = free_ports("127.0.0.1", 5)  # really free now; the fake kernel hands them out eagerly
    monkeypatch.setattr(simulator_module, "socket", _EagerKernel(real))
    sim = TTSimulator(quiet_config(tls__enabled=tls)).start()  # probing one port at a time: REST bind failed
    try:
        assert sim.endpoints is not None
        ports = [sim.endpoints.order_port, sim.endpoints.md_port, sim.endpoints.rest_port]
        assert len(set(ports)) == 3 and set(ports) <= set(real)
    finally:
        sim.stop()
