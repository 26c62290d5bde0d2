"""The ASGI application: connexion routes, the engine answers.

One app serves several mounts: ``/<vendor><server base path>`` on the main port, or the bare
server base paths on a vendor's own port. Unknown paths and wrong methods are answered in the
vendor's error shape, chosen by the longest mount prefix of the path.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from ... import codec
from ..errors import KIND_STATUS, ApiError
from ..observe.calls import Call
from ..schema.operations import is_json
from .api import Incoming, VendorApi
from .fast_routes import FastRoutes
from .faults import Fault, FaultBook
from .registry import Reply
from .routing import build_router, routed_operation

log = logging.getLogger("billing_sandbox.engine")
MAX_BODY = 1024 * 1024

# An extra ASGI endpoint served beside the vendors (docs, the control plane): path prefix -> app
Extra = Callable[[dict, Callable, Callable], Awaitable[None]]


# Says who may call a mount at all (an ApiError refuses), before the document's own security.
Guard = Callable[[dict, Incoming], None]
# Sees every call of an observed mount once it is answered (the journal, the contract report).
Observer = Callable[[Call], None]
# Runs a registered handler and gives its reply once it may be sent (e.g. durable).
HandlerRunner = Callable[[Callable[[Any], Reply], Any], Awaitable[Reply]]


async def in_thread_pool(handler: Callable[[Any], Reply], request: Any) -> Reply:
    """The default runner: a blocking handler in starlette's thread pool."""
    return await run_in_threadpool(handler, request)


@dataclass
class Mount:
    prefix: str
    api: VendorApi
    observed: bool = True  # journaled, reported and open to faults
    guard: Guard | None = None
    max_body: int | None = None  # bytes a request body may have; None: the app's limit


@dataclass
class Hooks:
    """What the control plane plugs into the pipeline; shared by every port's app."""

    observers: list[Observer] = field(default_factory=list)
    faults: FaultBook | None = None
    sandbox_time: Callable[[], datetime] | None = None  # the sandbox clock, for the journal
    run_handler: HandlerRunner = in_thread_pool


class EngineApp:
    def __init__(self, mounts: list[Mount], extras: dict[str, Extra] | None = None,
                 max_body: int = MAX_BODY, hooks: Hooks | None = None) -> None:
        self.mounts = sorted(mounts, key=lambda m: len(m.prefix), reverse=True)
        self.by_prefix = {m.prefix: m for m in mounts}
        self.extras = extras or {}
        self.max_body = max_body
        self.hooks = hooks or Hooks()
        self.router = build_router(self._endpoint, [(m.prefix, m.api.spec) for m in mounts])
        self.fast_routes = FastRoutes(self.router.router)

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
        if not scope.get("root_path"):
            routed = self.fast_routes.find(scope["method"], path)
            if routed is not None:
                base_path, operation_id, scope["path_params"] = routed
                await self._answer(scope, receive, send, base_path, operation_id)
                return
        scope["app"] = self  # makes starlette raise HTTPException(405) instead of plain text
        try:
            await self.router(scope, receive, send)
        except HTTPException as exc:
            mount = self.mount_for_path(path)
            kind = "method_not_allowed" if exc.status_code == 405 else "route_not_found"
            error = ApiError(kind, f"{scope['method']} is not allowed on {path}"
                             if kind == "method_not_allowed" else f"No route for {path}")
            answering = self._stand_in(mount, scope, error) if mount else None
            reply = (mount.api.render_error(error, answering) if mount
                     else Reply(error.status, {"detail": error.message}))
            reply = Reply(reply.status, reply.body, dict(exc.headers or {}))
            payload = encode_reply(reply)
            await send_reply(send, reply, payload)
            if mount is not None and mount.observed:
                call = self._new_call(mount, None, scope)
                call.refusal, call.reply, call.response_body = error, reply, payload
                call.violations = mount.api.check_reply(answering, reply, error)
                self._observe(call, time.perf_counter())

    @staticmethod
    def _stand_in(mount: Mount, scope: dict, error: ApiError) -> str | None:
        """The operation whose documented errors answer a call that routes to none."""
        relative = scope["path"][len(mount.prefix):]
        return mount.api.stand_in(scope["method"], relative, int(error.status or 404))

    def mount_for_path(self, path: str) -> Mount | None:
        for mount in self.mounts:
            if not mount.prefix or path == mount.prefix or path.startswith(mount.prefix + "/"):
                return mount
        return None

    async def _endpoint(self, scope: dict, receive: Callable, send: Callable) -> None:
        """Where connexion hands a request it routed (or not: operationId None)."""
        base_path, operation_id = routed_operation(scope)
        await self._answer(scope, receive, send, base_path, operation_id)

    async def _answer(self, scope: dict, receive: Callable, send: Callable,
                      base_path: str | None, operation_id: str | None) -> None:
        mount = self.by_prefix.get(base_path) if operation_id else None
        mount = mount or self.mount_for_path(scope["path"])
        if mount is None:
            reply = Reply(404, {"detail": f"No route for {scope['path']}",
                                "vendors": [m.prefix for m in self.mounts]})
            await send_reply(send, reply, encode_reply(reply))
            return
        call = self._new_call(mount, operation_id, scope)
        began = time.perf_counter()
        fault = self._fault_for(mount, operation_id)
        if fault is not None and fault.drop:
            incoming = await read_incoming(scope, receive, self._body_limit(mount))
            call.tenant = self._tenant_if_known(mount, operation_id, incoming)
            await _drop_connection(receive)
            call.fault = fault.as_dict()
            self._observe(call, began)
            return
        reply = await self.respond(mount, operation_id, scope, receive, call, fault)
        if fault is not None and fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        await send_reply(send, reply, call.response_body)
        if mount.observed:
            self._observe(call, began)

    def _new_call(self, mount: Mount, operation_id: str | None, scope: dict) -> Call:
        call = Call(mount.api.name, scope["method"], scope["path"],
                    scope.get("query_string", b"").decode("utf-8", "replace"), {}, b"",
                    operation_id=operation_id, started_at=time.time())
        if self.hooks.sandbox_time is not None:
            call.clock_at = self.hooks.sandbox_time()
        return call

    def _body_limit(self, mount: Mount) -> int:
        return self.max_body if mount.max_body is None else mount.max_body

    @staticmethod
    def _tenant_if_known(mount: Mount, operation_id: str, incoming: Incoming) -> str | None:
        """Whose call a fault answered, for the journal (the fault wins over bad
        credentials, as it answers before them)."""
        try:
            return mount.api.authenticate(operation_id, incoming)
        except ApiError:
            return None

    def _fault_for(self, mount: Mount, operation_id: str | None) -> Fault | None:
        faults = self.hooks.faults
        if not mount.observed or faults is None or operation_id is None:
            return None
        return faults.take(mount.api.name, operation_id)

    def _observe(self, call: Call, began: float) -> None:
        call.duration_ms = (time.perf_counter() - began) * 1000
        for observer in self.hooks.observers:
            try:
                observer(call)
            except Exception:  # an observer's bug must not cost the client its answer
                log.exception("observer %r failed", observer)

    async def respond(self, mount: Mount, operation_id: str | None, scope: dict,
                      receive: Callable, call: Call, fault: Fault | None = None) -> Reply:
        """Answer one call; ``call`` is filled in with what the journal needs to know, the
        reply's bytes as they are to be sent (``response_body``) among them."""
        api = mount.api
        try:
            incoming = await read_incoming(scope, receive, self._body_limit(mount))
            call.request_headers, call.request_body = incoming.headers, incoming.body
            if mount.guard is not None:
                mount.guard(scope, incoming)
            if operation_id is None:
                raise ApiError("route_not_found",
                               f"{scope['method']} {scope['path']} is not an operation of "
                               f"{api.name}")
            if fault is not None and fault.status is not None:
                call.fault = fault.as_dict()
                call.tenant = self._tenant_if_known(mount, operation_id, incoming)
                raise fault_error(fault)
            call.tenant = api.authenticate(operation_id, incoming)
            request, handler = api.accept(operation_id, incoming, call.tenant)
            reply = api.preferred_reply(operation_id, incoming.headers.get("prefer"), incoming)
            if reply is None:
                if handler is not None:
                    reply = await self.hooks.run_handler(handler, request)
                else:
                    reply = api.generated_reply(operation_id, incoming)
        except ApiError as error:
            call.refusal = without_frames(error)
            if operation_id is None:
                operation_id = self._stand_in(mount, scope, error)
            reply = api.render_error(error, operation_id)
        except Exception:  # a sandbox bug: logged, and still answered in the vendor's shape
            log.exception("unhandled error in %s %s", api.name, operation_id)
            reply = api.render_error(ApiError("internal", "Internal error in the sandbox"),
                                     operation_id)
        if fault is not None and fault.latency_ms:
            call.fault = fault.as_dict()
        call.reply = reply
        call.response_body = payload = encode_reply(reply)
        call.violations = api.check_reply(operation_id, reply, call.refusal,
                                          payload if sent_as_json(reply) else None)
        return reply


def without_frames(error: ApiError) -> ApiError:
    """The refusal as the journal keeps it: without its traceback and the exception it
    replaced, whose frames (this one among them) hold the whole call. Kept, they make a
    reference cycle per refused request that only a full garbage collection frees: long
    pauses under load."""
    error.__traceback__ = None
    error.__context__ = None
    return error


def fault_error(fault: Fault) -> ApiError:
    """The injected failure as an ApiError of the kind that has its status (a 429 is
    ``rate_limited``), so the vendor's profile renders it in the vendor's own words."""
    kind = next((k for k, status in KIND_STATUS.items() if status == fault.status), "fault")
    message = fault.message or f"Injected fault {fault.id}: HTTP {fault.status}"
    return ApiError(kind, message, status=fault.status)


async def _drop_connection(receive: Callable) -> None:
    """Close the client's connection without an answer. uvicorn keeps the transport on the
    object whose bound method ``receive`` is; other servers get the exception instead."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionAbortedError("fault: connection dropped without an answer")
    transport.close()
    await receive()  # returns http.disconnect once the server has seen the connection go


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
    client = scope.get("client")
    return Incoming(
        client=client[0] if client else None,
        method=scope["method"],
        path=scope["path"],
        headers=headers,
        query_string=scope.get("query_string", b"").decode("utf-8", "replace"),
        body=b"".join(chunks),
        path_params=dict(scope.get("path_params", {})),
        cookies=cookies,
    )


def encode_reply(reply: Reply) -> bytes:
    """JSON, unless the reply names another content type and carries text."""
    if not sent_as_json(reply):
        return b"" if reply.body is None else reply.body.encode("utf-8")
    return codec.encode(reply.body)


def sent_as_json(reply: Reply) -> bool:
    """Whether the reply's body is sent as JSON (else empty, or text as it is)."""
    if reply.body is None and reply.status in (204, 304):
        return False
    return not (isinstance(reply.body, str) and not is_json(_content_type(reply)))


async def send_reply(send: Callable, reply: Reply, payload: bytes) -> None:
    headers = [(b"content-type", _content_type(reply).encode("latin-1")),
               (b"content-length", str(len(payload)).encode())]
    headers += [(k.lower().encode("latin-1"), str(v).encode("latin-1"))
                for k, v in reply.headers.items() if k.lower() != "content-type"]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def _content_type(reply: Reply) -> str:
    for name, value in reply.headers.items():
        if name.lower() == "content-type":
            return value
    return "application/json"


async def _lifespan(receive: Callable, send: Callable) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
