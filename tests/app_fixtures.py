"""A real `detente serve` on 127.0.0.1 and a real headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright), one of each per test session. Screenshots go to tests/artifacts/
(or $DETENTE_ARTIFACTS). The server also reads a hostile dossier (FRA–GBR) whose texts carry
markup, for the escaping tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import MIRROR, REPO

CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium off the (closed) network: see the machine notes.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
ARTIFACTS = Path(os.environ.get("DETENTE_ARTIFACTS", REPO / "tests" / "artifacts"))
XSS = "<script>window.__xss = 1</script>"
XSS_IMG = '<img src=x onerror="window.__xss = 2">'
SOURCE = {"title": f"Hostile source {XSS}", "publisher": "Test publisher", "date": "2020-01-01",
          "url": "https://example.org/page"}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Served:
    """The running server: its base URL and the folders it was started with."""

    url: str
    port: int
    home: Path
    log: Path
    process: subprocess.Popen = field(repr=False)

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None,
                method: str | None = None) -> Reply:
        req = urllib.request.Request(self.url + path, data=data, headers=headers or {},
                                     method=method)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return Reply(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, dict(e.headers), e.read())

    def get(self, path: str, **headers: str) -> Reply:
        return self.request(path, headers=headers)

    def upload(self, path: str, filename: str, content: bytes,
               fields: dict[str, str] | None = None) -> Reply:
        body, ctype = multipart(filename, content, fields or {})
        return self.request(path, body, {"Content-Type": ctype}, "POST")


def multipart(filename: str, content: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, built by hand so any file name can be sent."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{filename}"\r\nContent-Type: application/x-yaml\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_hostile_dossier(root: Path) -> Path:
    """FRA–GBR facts whose summaries, names and sources carry markup and script."""
    folder = root / "FRA-GBR"
    folder.mkdir(parents=True)
    (folder / "dyad.yaml").write_text(yaml.safe_dump({
        "a": "FRA", "b": "GBR", "title": f"France – United Kingdom {XSS}",
        "coverage_from": "1950-01-01", "coverage_to": "2020-01-01"}))
    facts = [
        {"id": "embassy-open", "kind": "channel", "channel": "embassy", "status": "open",
         "parties": ["FRA", "GBR"], "valid_from": "1950-01-01", "source": SOURCE,
         "summary": f"Embassies stay open in both capitals {XSS}."},
        {"id": "treaty-hostile", "kind": "treaty", "name": f"Channel Accord {XSS_IMG}",
         "category": "confidence_building", "parties": ["FRA", "GBR"],
         "valid_from": "1960-01-01", "source": SOURCE,
         "summary": f"A confidence-building accord {XSS_IMG} signed and in force.",
         "milestones": [{"date": "1960-01-01", "event": "signed"},
                        {"date": "1961-01-01", "event": "in_force"}]},
        {"id": "science-bridge", "kind": "cooperation", "area": "science",
         "valid_from": "1955-01-01", "source": SOURCE,
         "summary": f"Joint science programmes continue {XSS}."},
    ]
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts, sort_keys=False))
    return root


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Iterator[Served]:
    """`python -m detente serve` on a free port of 127.0.0.1, ready to answer. The models are
    fitted first in this process (into the session's shared cache), so the server's first
    request reads them instead of fitting them under its request time limit on a cold clone."""
    import detente

    detente.assess("USA", "RUS", as_of="1988-06-01", history=False)
    base = tmp_path_factory.mktemp("serve")
    dossiers = write_hostile_dossier(base / "dossiers")
    with serving(base / "home", base / "server.log", {"DETENTE_DOSSIER": str(dossiers)}) as server:
        yield server


@contextlib.contextmanager
def serving(home: Path, log: Path, env: dict[str, str], *args: str) -> Iterator[Served]:
    """`python -m detente serve [args]` on a free port of 127.0.0.1 with its own home, ready to
    answer; stopped on exit."""
    port = free_port()
    env = {**os.environ, "DETENTE_MIRROR": str(MIRROR), "DETENTE_HOME": str(home), **env}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port), *args],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Served(f"http://127.0.0.1:{port}", port, home, log, proc)
    for _ in range(600):  # wait for start-up (bounded: 60 s), not a timing assertion
        if proc.poll() is not None:
            pytest.fail(f"detente serve exited with {proc.returncode}: {log.read_text()}")
        try:
            if server.get("/api/health").status == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(f"detente serve did not answer: {log.read_text()}")
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium under Playwright (no browser download)."""
    if not CHROMIUM.exists():
        message = "no /usr/bin/chromium: run `bash scripts/test`, which installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; `page.problems` collects console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots are saved (kept after the run; git ignores the folder)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

# A valid uploaded scenario (a summit), shared by the API and service tests.
SCENARIO = b"""name: summit-now
description: The leaders meet.
steps:
  - add:
      - {id: s, kind: channel, channel: summit, status: held, parties: ['{a}', '{b}'],
         summary: 'A summit between the two leaders.'}
"""
