"""The floor of this machine: a bare Starlette app answering a constant JSON to any request.
Served by uvicorn with the sandbox's options (see server.floor_command)."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BODY = {"ok": True}


async def constant(request: Request) -> JSONResponse:
    return JSONResponse(BODY)


app = Starlette(routes=[Route("/{path:path}", constant, methods=["GET", "POST"])])
