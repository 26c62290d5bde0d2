"""An answer's head and body leave in one write (one_write.py), in order, never held past the
turn of the event loop they were written in; a served sandbox answers as before through it."""

from __future__ import annotations

import asyncio
import http.client

from billing_sandbox.engine.http.one_write import OneWriteTransport, http_protocol


class Recorder:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = self.aborted = self.eof = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def write_eof(self) -> None:
        self.eof = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default=None):
        return {"peername": ("127.0.0.1", 1)}.get(name, default)


def test_writes_of_one_turn_leave_as_one_write_at_its_end():
    async def main():
        raw = Recorder()
        transport = OneWriteTransport(raw, asyncio.get_running_loop())
        transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        transport.write(b"{}")
        assert raw.writes == [] and transport.get_write_buffer_size() == 40
        await asyncio.sleep(0)
        assert raw.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
        transport.write(b"next")  # a later turn: its own write
        await asyncio.sleep(0)
        assert raw.writes[1:] == [b"next"]
        assert transport.get_extra_info("peername") == ("127.0.0.1", 1)  # the rest: as is

    asyncio.run(main())


def test_a_close_sends_what_was_written_first_and_an_abort_drops_it():
    async def main():
        loop = asyncio.get_running_loop()
        raw = Recorder()
        transport = OneWriteTransport(raw, loop)
        transport.write(b"400 head")
        transport.close()
        assert raw.writes == [b"400 head"] and raw.closed
        await asyncio.sleep(0)
        assert raw.writes == [b"400 head"]  # nothing twice, nothing after the close
        other = Recorder()
        transport = OneWriteTransport(other, loop)
        transport.write(b"x")
        transport.abort()
        await asyncio.sleep(0)
        assert other.writes == [] and other.aborted
        third = Recorder()
        transport = OneWriteTransport(third, loop)
        transport.writelines([b"a", b"b"])
        transport.write_eof()
        assert third.writes == [b"ab"] and third.eof

    asyncio.run(main())


def test_nothing_is_written_once_the_connection_is_going():
    async def main():
        raw = Recorder()
        transport = OneWriteTransport(raw, asyncio.get_running_loop())
        transport.write(b"late")
        raw.closed = True  # the peer went away within the turn
        await asyncio.sleep(0)
        assert raw.writes == []

    asyncio.run(main())


def test_the_served_sandbox_answers_through_it(tmp_path):
    """GET, HEAD (a head without a body), a JSON answer and a refusal, on keep-alive."""
    import threading

    import uvicorn

    from billing_sandbox.app import create_app
    from billing_sandbox.settings import Settings

    sandbox = create_app(Settings(data=None))
    config = uvicorn.Config(sandbox.app, host="127.0.0.1", port=0, log_level="warning",
                            lifespan="off", http=http_protocol())
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for method, path, status in [("GET", "/", 200), ("HEAD", "/", 200),
                                     ("GET", "/chargebee/api/v2/invoices", 401),
                                     ("GET", "/nowhere", 404), ("GET", "/dayzero/docs", 200)]:
            connection.request(method, path)
            answer = connection.getresponse()
            body = answer.read()
            assert answer.status == status, (method, path)
            assert (body == b"") == (method == "HEAD"), (method, path)
    finally:
        server.should_exit = True
        thread.join(10)
        sandbox.close()
