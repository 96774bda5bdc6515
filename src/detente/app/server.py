"""The web application: pages, the JSON API, static files (plotly.js from the installed plotly
package, so nothing comes from a CDN), error mapping and security headers."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from pathlib import Path

import plotly
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

import detente
from detente.app import api, pages
from detente.app.limits import TimeLimit, configured_limit
from detente.app.service import Service
from detente.app.uploads import UploadStore
from detente.core.errors import DatasetUnavailable, DetenteError
from detente.datasets.registry import home

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC = Path(__file__).parent / "static"
LOOPBACK = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def is_loopback(host: str) -> bool:
    """True for addresses that keep the dashboard on this machine (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def _headers(response: Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def validation_message(exc: RequestValidationError) -> str:
    """FastAPI's list of parameter errors as the API's one-line `detail` (`as_of: Input should
    be a valid date…`), like every other error the API answers."""
    parts = []
    for error in exc.errors()[:5]:
        name = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{name}: {error.get('msg', 'invalid')}")
    return "; ".join(parts).replace("\n", " ") or "invalid request"


def create_app(*, uploads: Path | None = None, today: Callable[[], dt.date] = dt.date.today,
               allowed_hosts: list[str] | None = None,
               request_timeout: float | None = None) -> FastAPI:
    """The dashboard app. `allowed_hosts` guards against DNS rebinding (default: loopback
    names only); uploads are kept in `uploads` (default `$DETENTE_HOME/uploads`); a request
    running past `request_timeout` seconds is answered 503 (default: $DETENTE_REQUEST_TIMEOUT
    or 120 s; 0 for no limit; see `limits`)."""
    seconds = configured_limit(request_timeout)
    app = FastAPI(title="detente", version=detente.__version__,
                  description="How bad is the relationship between two states, what are its "
                              "cracks, and how likely is a rapprochement — with evidence.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.service = Service(UploadStore(uploads or home() / "uploads"), today=today)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        _headers(response)
        return response

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, exc: DetenteError) -> JSONResponse:
        code = 503 if isinstance(exc, DatasetUnavailable) else pages.status_for(exc)
        return JSONResponse({"detail": str(exc)}, status_code=code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_message(exc)}, status_code=422)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(PLOTLY_JS, media_type="text/javascript",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.add_middleware(TimeLimit, seconds=seconds, headers=SECURITY_HEADERS)  # the outermost
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
