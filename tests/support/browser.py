"""Headless Chromium (Debian's ``chromium``; ``make test`` installs it) driven through the
DevTools protocol: open a page, run JavaScript in it, wait until a condition holds."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
from websockets.sync.client import connect

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=1280,1000"]


class Browser:
    """``with Browser() as browser: page = browser.open(url)``; a fresh profile each time."""

    def __init__(self) -> None:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None:
            raise RuntimeError("chromium is not installed: `make test` installs it "
                               "(apt-get install chromium)")
        self.profile = Path(tempfile.mkdtemp(prefix="chromium-"))
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.endpoint = f"http://127.0.0.1:{self._debugging_port()}"

    def _debugging_port(self, timeout: float = 30) -> int:
        announced = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            if announced.exists() and announced.read_text().strip():
                return int(announced.read_text().split()[0])
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def open(self, url: str) -> Page:
        """A new tab showing ``url``; it records every request the page makes."""
        target = httpx.put(f"{self.endpoint}/json/new?about:blank", timeout=10).json()
        page = Page(target["webSocketDebuggerUrl"])
        page._call("Network.enable")
        page._call("Page.navigate", url=url)
        return page

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    def __init__(self, websocket_url: str) -> None:
        self._closing = ExitStack()
        self.socket = self._closing.enter_context(
            connect(websocket_url, max_size=None, open_timeout=10))
        self.ids = itertools.count(1)
        self.events: list[dict] = []  # what Chromium reported meanwhile (requests made)

    def requested_urls(self) -> list[str]:
        return [event["params"]["request"]["url"] for event in self.events
                if event.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression: str):
        """The JSON value of a JavaScript expression (promises awaited)."""
        result = self._call("Runtime.evaluate", expression=expression, returnByValue=True,
                            awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20):
        """The first truthy value of the expression, polled; TimeoutError with the page text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        text = self.evaluate("document.body ? document.body.innerText.slice(0, 2000) : ''")
        raise TimeoutError(f"{expression} did not hold within {timeout} s; the page shows:\n"
                           f"{text}")

    def _call(self, method: str, **params) -> dict:
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if "id" not in message:
                self.events.append(message)
            elif message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def close(self) -> None:
        self._closing.close()
