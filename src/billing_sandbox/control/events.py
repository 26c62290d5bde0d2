"""``/_sandbox/events`` (what the vendor calls caused) and ``/_sandbox/webhooks`` (where the
sandbox posts those events)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from billing_sandbox.core.dates import iso_datetime
from billing_sandbox.engine.errors import ApiError
from billing_sandbox.engine.http.registry import HandlerRegistry, Reply, Request

from .plane import ControlPlane
from .state import scope_of, vendor_filter
from .webhooks import Webhook, Webhooks


def webhook_url(url: str) -> str:
    """The URL if the sandbox may POST to it (http or https, with a host); else 400."""
    if any(char.isspace() or not char.isprintable() for char in url):
        raise ApiError("bad_request", f"url: has a space or a control character, which no "
                                      f"receiver's URL holds: {url!r}", param="url")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as exc:
        raise ApiError("bad_request", f"url: not a URL ({exc}): {url!r}", param="url") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ApiError("bad_request", f"url must be an http:// or https:// URL with a host for "
                                      f"the sandbox to POST events to; received {url!r}",
                       param="url")
    return url


def webhook_body(webhooks: Webhooks, webhook: Webhook) -> dict:
    return {"id": webhook.id, "vendor": webhook.vendor, "tenant": webhook.tenant,
            "url": webhook.url, "max_attempts": webhook.max_attempts,
            "backoff_ms": webhook.backoff_ms, "created_at": iso_datetime(webhook.created_at),
            "pending": webhooks.pending(webhook),
            "deliveries": [attempt.as_dict() for attempt in webhooks.attempts(webhook)]}


def register(registry: HandlerRegistry, plane: ControlPlane, vendor_name: str) -> None:
    @registry.handler(vendor_name, "listEvents")
    def list_events(request: Request) -> Reply:
        query = request.query
        since = query.get("since")
        found = plane.events.entries(
            vendor=vendor_filter(plane, query.get("vendor")), tenant=query.get("tenant"),
            type=query.get("type"),
            since=datetime.fromisoformat(since.upper().replace("Z", "+00:00")) if since else None,
            limit=query.get("limit"))
        return Reply(200, {"events": [logged.as_dict() for logged in found],
                           "count": len(found), "capacity": plane.events.capacity,
                           "dropped": plane.events.dropped})

    @registry.handler(vendor_name, "addWebhook")
    def add_webhook(request: Request) -> Reply:
        body = request.body
        scope = scope_of(plane, body["vendor"], body.get("tenant"))
        webhook = plane.webhooks.add(scope.vendor, webhook_url(body["url"]), scope.tenant,
                                     body.get("max_attempts", 5), body.get("backoff_ms", 1000))
        return Reply(201, webhook_body(plane.webhooks, webhook))

    @registry.handler(vendor_name, "listWebhooks")
    def list_webhooks(request: Request) -> Reply:
        return Reply(200, {"webhooks": [webhook_body(plane.webhooks, webhook)
                                        for webhook in plane.webhooks.list()]})

    @registry.handler(vendor_name, "removeWebhook")
    def remove_webhook(request: Request) -> Reply:
        webhook_id = request.path_params["webhook_id"]
        webhook = plane.webhooks.remove(webhook_id)
        if webhook is None:
            raise ApiError("not_found", f"no webhook {webhook_id!r}", param="webhook_id")
        return Reply(200, webhook_body(plane.webhooks, webhook))
