"""The floor of this machine: a bare Starlette app answering a constant JSON to any request,
served by uvicorn as `billing-sandbox serve` serves the sandbox: ``--log-level warning
--lifespan off``, uvloop, and the httptools protocol writing each answer once
(billing_sandbox.engine.http.one_write), so that the floor is what the same server does with
no work per request.

    .venv/bin/python -m bench.floor_app PORT
"""

import sys

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BODY = {"ok": True}


async def constant(request: Request) -> JSONResponse:
    return JSONResponse(BODY)


app = Starlette(routes=[Route("/{path:path}", constant, methods=["GET", "POST"])])


if __name__ == "__main__":
    import uvicorn

    from billing_sandbox.engine.http.one_write import http_protocol

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                lifespan="off", http=http_protocol())
