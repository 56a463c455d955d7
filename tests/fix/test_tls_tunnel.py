"""keel.fix.tls_tunnel: a tunnel that picks its own port holds it from construction on."""

from __future__ import annotations

import socket
import ssl

import pytest

from keel.fix.tls_tunnel import TlsTunnel


def test_a_picked_listen_port_is_held_until_the_tunnel_listens() -> None:
    tunnel = TlsTunnel("127.0.0.1", 9, client_context=ssl.create_default_context())
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", tunnel.listen_port))  # a probe-and-release port could be taken here
        tunnel.start()
        with socket.create_connection(("127.0.0.1", tunnel.listen_port), timeout=5):
            pass  # listening on the port it reserved
    finally:
        tunnel.stop()


def test_a_tunnel_never_started_releases_its_port_on_stop() -> None:
    tunnel = TlsTunnel("127.0.0.1", 9, client_context=ssl.create_default_context())
    tunnel.stop()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as again:
        again.bind(("127.0.0.1", tunnel.listen_port))
