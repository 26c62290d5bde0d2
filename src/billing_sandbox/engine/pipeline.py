"""The ASGI application: connexion routes, the engine answers.

One app serves several mounts: ``/<vendor><server base path>`` on the main port, or the bare
server base paths on a vendor's own port. Unknown paths and wrong methods are answered in the
vendor's error shape, chosen by the longest mount prefix of the path.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from .api import Incoming, VendorApi
from .errors import ApiError
from .registry import Reply
from .routing import build_router, routed_operation

log = logging.getLogger("billing_sandbox.engine")
MAX_BODY = 1024 * 1024

# An extra ASGI endpoint served beside the vendors (docs, the control plane): path prefix -> app
Extra = Callable[[dict, Callable, Callable], Awaitable[None]]


@dataclass
class Mount:
    prefix: str
    api: VendorApi


class EngineApp:
    def __init__(self, mounts: list[Mount], extras: dict[str, Extra] | None = None,
                 max_body: int = MAX_BODY) -> None:
        self.mounts = sorted(mounts, key=lambda m: len(m.prefix), reverse=True)
        self.by_prefix = {m.prefix: m for m in mounts}
        self.extras = extras or {}
        self.max_body = max_body
        self.router = build_router(self._endpoint, [(m.prefix, m.api.spec) for m in mounts])

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"]
        for prefix, extra in self.extras.items():
            if path == prefix or (prefix != "/" and path.startswith(prefix + "/")):
                await extra(scope, receive, send)
                return
        scope["app"] = self  # makes starlette raise HTTPException(405) instead of plain text
        try:
            await self.router(scope, receive, send)
        except HTTPException as exc:
            mount = self.mount_for_path(path)
            kind = "method_not_allowed" if exc.status_code == 405 else "route_not_found"
            error = ApiError(kind, f"{scope['method']} is not allowed on {path}"
                             if kind == "method_not_allowed" else f"No route for {path}")
            reply = (mount.api.render_error(error, None) if mount
                     else Reply(error.status, {"detail": error.message}))
            headers = dict(exc.headers or {})
            await send_reply(send, Reply(reply.status, reply.body, headers))

    def mount_for_path(self, path: str) -> Mount | None:
        for mount in self.mounts:
            if not mount.prefix or path == mount.prefix or path.startswith(mount.prefix + "/"):
                return mount
        return None

    async def _endpoint(self, scope: dict, receive: Callable, send: Callable) -> None:
        base_path, operation_id = routed_operation(scope)
        mount = self.by_prefix.get(base_path) if operation_id else None
        mount = mount or self.mount_for_path(scope["path"])
        if mount is None:
            await send_reply(send, Reply(404, {"detail": f"No route for {scope['path']}",
                                               "vendors": [m.prefix for m in self.mounts]}))
            return
        reply = await self.respond(mount.api, operation_id, scope, receive)
        await send_reply(send, reply)

    async def respond(self, api: VendorApi, operation_id: str | None, scope: dict,
                      receive: Callable) -> Reply:
        try:
            incoming = await read_incoming(scope, receive, self.max_body)
            if operation_id is None:
                raise ApiError("route_not_found",
                               f"{scope['method']} {scope['path']} is not an operation of "
                               f"{api.name}")
            request, handler = api.accept(operation_id, incoming)
            reply = api.preferred_reply(operation_id, incoming.headers.get("prefer"), incoming)
            if reply is None:
                if handler is not None:
                    reply = await run_in_threadpool(handler, request)
                else:
                    reply = api.generated_reply(operation_id, incoming)
        except ApiError as error:
            reply = api.render_error(error, operation_id)
        except Exception:  # a sandbox bug: logged, and still answered in the vendor's shape
            log.exception("unhandled error in %s %s", api.name, operation_id)
            reply = api.render_error(ApiError("internal", "Internal error in the sandbox"),
                                     operation_id)
        api.check_reply(operation_id, reply)
        return reply


async def read_incoming(scope: dict, receive: Callable, max_body: int) -> Incoming:
    headers: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        text = value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_body:
        raise ApiError("payload_too_large",
                       f"request body of {declared} bytes exceeds the {max_body}-byte limit")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_body:
            raise ApiError("payload_too_large",
                           f"request body exceeds the {max_body}-byte limit")
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    cookies = {}
    if "cookie" in headers:
        cookies = {k: m.value for k, m in SimpleCookie(headers["cookie"]).items()}
    return Incoming(
        method=scope["method"],
        path=scope["path"],
        headers=headers,
        query_string=scope.get("query_string", b"").decode("utf-8", "replace"),
        body=b"".join(chunks),
        path_params=dict(scope.get("path_params", {})),
        cookies=cookies,
    )


def encode_json(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


async def send_reply(send: Callable, reply: Reply) -> None:
    payload = b"" if reply.body is None and reply.status in (204, 304) else encode_json(reply.body)
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(payload)).encode())]
    headers += [(k.lower().encode("latin-1"), str(v).encode("latin-1"))
                for k, v in reply.headers.items() if k.lower() != "content-type"]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Callable, send: Callable) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
