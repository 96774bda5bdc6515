"""Per-request time limits, against a real `detente serve --timeout 1` on 127.0.0.1: a cold
assessment (many seconds of work) is answered 503 with a JSON message while /api/health keeps
answering, before and after the 503 (the work goes on in the background)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from app_fixtures import Reply, Served, free_port
from conftest import MIRROR
from detente.app.limits import DEFAULT_SECONDS, configured_limit
from detente.core.errors import UsageError

SLOW = "/api/assess?a=USA&b=IND&as_of=1990-01-01"  # cold: the pair's whole timeline


@pytest.mark.parametrize(("text", "want"), [("", DEFAULT_SECONDS), ("2.5", 2.5), ("0", None)])
def test_the_limit_comes_from_the_environment(monkeypatch, text, want):
    monkeypatch.setenv("DETENTE_REQUEST_TIMEOUT", text)
    assert configured_limit() == want
    assert configured_limit(7) == 7


@pytest.mark.parametrize("text", ["soon", "-1"])
def test_a_bad_limit_is_a_usage_error(monkeypatch, text):
    monkeypatch.setenv("DETENTE_REQUEST_TIMEOUT", text)
    with pytest.raises(UsageError, match="DETENTE_REQUEST_TIMEOUT|negative"):
        configured_limit()


@pytest.fixture
def limited(tmp_path):
    """A server with a one-second limit and a home of its own (nothing cached)."""
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "DETENTE_MIRROR": str(MIRROR), "DETENTE_HOME": str(tmp_path / "home")}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port),
                                 "--timeout", "1"], env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Served(f"http://127.0.0.1:{port}", port, tmp_path / "home", log, proc)
    for _ in range(600):  # start-up, bounded (60 s); not a timing assertion
        if proc.poll() is not None:
            pytest.fail(f"detente serve exited with {proc.returncode}: {log.read_text()}")
        try:
            if server.get("/api/health").status == 200:
                break
        except OSError:
            time.sleep(0.1)
    yield server
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_a_slow_request_is_answered_503_while_health_answers(limited):
    slow: list[Reply] = []
    worker = threading.Thread(target=lambda: slow.append(limited.get(SLOW)))
    worker.start()
    health_during = []
    while worker.is_alive():
        health_during.append(limited.get("/api/health").status)
    worker.join()
    (reply,) = slow
    assert reply.status == 503 and "time limit of 1 s" in reply.json()["detail"]
    headers = {k.lower(): v for k, v in reply.headers.items()}
    assert headers["retry-after"] and headers["x-content-type-options"] == "nosniff"
    assert health_during and set(health_during) == {200}
    # the assessment goes on in the background (a cold pair takes minutes here): the server
    # still answers its health check, and other clients' quick requests, meanwhile
    assert limited.get("/api/health").status == 200
    assert limited.get("/api/assess?a=Atlantis&b=RUS").status == 400
