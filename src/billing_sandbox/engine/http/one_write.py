"""An answer leaves in one write to the socket, not two.

Under ASGI an app sends its reply as two messages (``http.response.start`` with the status
and headers, then ``http.response.body``), and uvicorn writes each to the socket as it comes:
two system calls, two TCP segments, and the client woken twice, the first time for a head
it cannot use yet. On this two-core machine that first write was 8% of a DayZero payment's
samples under py-spy (the client and the server take turns on the cores). Here uvicorn's
httptools protocol is given a transport that gathers what is written in one turn of the
event loop and writes it once at the end of that turn (or before a close): the head and the
body of an answer sent together leave together, and nothing is ever held past the turn it
was written in, nor reordered. Without httptools, uvicorn's own choice of protocol is used.
"""

from __future__ import annotations

import asyncio
from typing import Any


class OneWriteTransport:
    """Wraps a transport: writes made in one turn of the loop leave as one write."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Write what this turn gathered (nothing once the connection is closing)."""
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending = []
        if not self._transport.is_closing():
            self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending))

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._pending = []
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:  # reading, flow control, extra info
        return getattr(self._transport, name)


def http_protocol() -> Any:
    """uvicorn's httptools protocol writing through OneWriteTransport (for
    ``uvicorn.Config(http=...)``), or "auto" when httptools is not installed."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "auto"

    class OneWriteHttpToolsProtocol(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(OneWriteTransport(transport, self.loop))

    return OneWriteHttpToolsProtocol
