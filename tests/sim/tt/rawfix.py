"""Hand-made FIX over a raw socket, for inputs a QuickFIX initiator refuses to produce."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

SOH = "\x01"


def encode(fields: list[tuple[int, str]]) -> bytes:
    """A complete FIX 4.4 message (8, 9 and 10 computed) from ``fields`` starting with 35."""
    body = "".join(f"{tag}={value}{SOH}" for tag, value in fields)
    head = f"8=FIX.4.4{SOH}9={len(body)}{SOH}"
    checksum = sum((head + body).encode()) % 256
    return (head + body + f"10={checksum:03d}{SOH}").encode()


def stamp() -> str:
    """SendingTime now."""
    return datetime.now(UTC).strftime("%Y%m%d-%H:%M:%S.%f")[:-3]


def exchange(port: int, payload: bytes, timeout: float = 5.0) -> str:
    """Send ``payload`` and read until the peer closes the socket (or ``timeout``)."""
    return exchange_until_closed(port, payload, timeout)[0]


def exchange_until_closed(port: int, payload: bytes, timeout: float = 5.0) -> tuple[str, bool]:
    """Send ``payload``, read until the peer closes the socket or ``timeout``; (text, peer closed)."""
    received = b""
    closed = False
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(payload)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    return received.decode(errors="replace").replace(SOH, "|"), closed
