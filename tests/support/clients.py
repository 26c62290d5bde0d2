"""An in-process client for the ASGI app, and where shared/ is."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CHARGEBEE_V1 = SHARED / "vendor-specs" / "chargebee" / "chargebee_api_v1_spec.json"


class AppClient:
    """A synchronous client that talks to an ASGI app in-process."""

    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as c:
                return await c.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)
