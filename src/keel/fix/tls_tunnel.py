"""TLS for QuickFIX sessions through a local tunnel.

The ``quickfix`` wheel built from PyPI's sdist has no OpenSSL support (``SSLEnable`` fails with
"HAVE_SSL not enabled"), so Keel terminates TLS itself: a :class:`TlsTunnel` accepts
connections on one port and relays bytes to a target, speaking TLS on the listening side
(``server_context``: an acceptor behind it) or on the outgoing side (``client_context``: an
initiator in front of it). One thread with its own event loop runs all relays of a tunnel.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading


def _bound_socket(host: str) -> socket.socket:
    """A TCP socket bound to a free port of ``host`` and kept bound until the tunnel listens on it
    (a port probed and released could be taken by another process before the tunnel binds it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((host, 0))  # no SO_REUSEADDR: on Linux it would let another such socket share the port
    except OSError:
        sock.close()
        raise
    return sock


class TlsTunnel:
    """Relay TCP connections from ``listen_host:listen_port`` to ``target_host:target_port``."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
        server_context: ssl.SSLContext | None = None,
        client_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
    ) -> None:
        if (server_context is None) == (client_context is None):
            raise ValueError("TlsTunnel needs exactly one of server_context (TLS in) or client_context (TLS out)")
        self.target_host = target_host
        self.target_port = target_port
        self.listen_host = listen_host
        self._socket: socket.socket | None = None
        if listen_port:
            self.listen_port = listen_port
        else:
            self._socket = _bound_socket(listen_host)
            self.listen_port = int(self._socket.getsockname()[1])
        self.server_context = server_context
        self.client_context = client_context
        self.server_hostname = server_hostname or target_host
        self.connections = 0
        self.failures: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def start(self) -> TlsTunnel:
        """Start listening; raise if the port cannot be bound."""
        self._thread = threading.Thread(target=self._run, name="keel-tls-tunnel", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise RuntimeError(f"TLS tunnel could not listen on {self.listen_host}:{self.listen_port}: {self._error}")
        return self

    def stop(self) -> None:
        """Close the listener and every relayed connection."""
        loop = self._loop
        if loop is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._socket is not None:  # closed with the server; released here if never served
            self._socket.close()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            if self._socket is not None:
                server = asyncio.start_server(self._relay, sock=self._socket, ssl=self.server_context)
            else:
                server = asyncio.start_server(self._relay, self.listen_host, self.listen_port, ssl=self.server_context)
            self._server = loop.run_until_complete(server)
        except BaseException as error:  # surfaced by start()
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.close()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            target_reader, target_writer = await asyncio.open_connection(
                self.target_host, self.target_port, ssl=self.client_context,
                server_hostname=self.server_hostname if self.client_context else None,
            )
        except (OSError, ssl.SSLError) as error:
            self.failures.append(f"connect to {self.target_host}:{self.target_port} failed: {error}")
            writer.close()
            self._writers.discard(writer)
            return
        self._writers.add(target_writer)
        await asyncio.gather(self._pipe(reader, target_writer), self._pipe(target_reader, writer))
        self._writers.discard(writer)
        self._writers.discard(target_writer)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while chunk := await reader.read(65536):
                writer.write(chunk)
                await writer.drain()
        except (OSError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(OSError, ssl.SSLError, RuntimeError):
                writer.close()
