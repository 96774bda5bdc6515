"""Per-request time limits, against a real `detente serve --timeout 1` on 127.0.0.1: a cold
assessment (many seconds of work) is answered 503 with a JSON message while /api/health keeps
answering, before and after the 503 (the work goes on in the background)."""

from __future__ import annotations

import threading

import pytest

from app_fixtures import Reply, serving
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
    with serving(tmp_path / "home", tmp_path / "server.log", {}, "--timeout", "1") as server:
        yield server


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
