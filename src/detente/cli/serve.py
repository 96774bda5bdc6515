"""`detente serve`: start the dashboard on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli._common import err, handle_errors

DEFAULT_PORT = 8765

app = typer.Typer()


@app.command("serve")
@handle_errors
def serve(
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. 127.0.0.1 keeps it on this machine; 0.0.0.0 "
                       "exposes it to your network, only if you ask")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535,
                                      help="Port to listen on")] = DEFAULT_PORT,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0, help="Seconds a request may run before it is answered 503 (default: "
                                 "$DETENTE_REQUEST_TIMEOUT or 120; 0: no limit)")] = None,
) -> None:
    """Start the local dashboard and its JSON API (/api, OpenAPI at /api/openapi.json)."""
    import sys

    import uvicorn

    from detente.app.server import LOOPBACK, create_app, is_loopback

    local = is_loopback(host)
    hosts = LOOPBACK if local else ["*"]
    if not local:
        err.print(f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this "
                  "machine can use the dashboard")
    app = create_app(allowed_hosts=hosts, request_timeout=timeout)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    err.print(f"detente dashboard on http://{shown}:{port}/ (API: /api) — Ctrl+C to stop")
    # Assessments run in worker threads: switching threads every 1 ms (not 5) lets the event
    # loop answer health checks and cached pages promptly while they compute.
    sys.setswitchinterval(0.001)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
