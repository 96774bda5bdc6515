"""Per-request time limits: a request that runs past the limit is answered 503 with a JSON
message (and Retry-After) instead of keeping its client waiting. The work itself is not killed —
Python cannot stop a thread — it finishes in the background and its result lands in the
service's caches, so asking again soon is fast. `/api/health` and static files are exempt: they
never wait on anything. The limit comes from `create_app(request_timeout=…)`, else
`$DETENTE_REQUEST_TIMEOUT` (seconds; 0 turns it off), else DEFAULT_SECONDS."""

from __future__ import annotations

import asyncio
import os

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from detente.core.errors import UsageError

DEFAULT_SECONDS = 120.0
EXEMPT = ("/api/health", "/static/")


def configured_limit(value: float | None = None) -> float | None:
    """The limit in seconds (None: no limit), from `value` or the environment."""
    if value is None:
        text = os.environ.get("DETENTE_REQUEST_TIMEOUT", "").strip()
        try:
            value = float(text) if text else DEFAULT_SECONDS
        except ValueError:
            raise UsageError(f"DETENTE_REQUEST_TIMEOUT: {text!r} is not a number of seconds") from None
    if value < 0:
        raise UsageError(f"a request time limit cannot be negative (got {value:g})")
    return value or None


class TimeLimit:
    """ASGI middleware: answer 503 when the app has not begun its response within `seconds`."""

    def __init__(self, app: ASGIApp, seconds: float | None, headers: dict[str, str] | None = None) -> None:
        self.app, self.seconds, self.headers = app, seconds, headers or {}
        self._running: set[asyncio.Task] = set()  # requests answered 503, still working

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or self.seconds is None
                or scope["path"].startswith(EXEMPT)):
            await self.app(scope, receive, send)
            return
        started = timed_out = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if timed_out:
                return  # the client has had its 503
            started = started or message["type"] == "http.response.start"
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded))
        try:
            await asyncio.wait_for(asyncio.shield(task), self.seconds)
            return
        except TimeoutError:
            if started:  # the answer is already on its way: let it finish
                await task
                return
        timed_out = True
        self._running.add(task)
        task.add_done_callback(self._finished)
        detail = (f"the request ran past the server's time limit of {self.seconds:g} s; it goes on "
                  "in the background, so asking again shortly may be quick")
        response = JSONResponse({"detail": detail}, status_code=503,
                                headers={"Retry-After": "5", **self.headers})
        await response(scope, receive, send)

    def _finished(self, task: asyncio.Task) -> None:
        self._running.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: its client already had the 503
