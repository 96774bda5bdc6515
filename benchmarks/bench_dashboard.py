"""How fast is a warm dashboard page for USA–RUS? (target: under 1 s on this machine)

Starts `detente serve` on a free port of 127.0.0.1 and measures, for the USA–RUS page as of
today:
  baseline   `detente.assess("USA", "RUS")` with its history, uncached, in this process
  cold page  the first request (the server loads the dossier and computes the timeline)
  warm page  the same page again, served from the caches (median of 20 requests)
  warm view  in headless Chromium: navigation to charts drawn (median of 10), if available
and prints each warm figure's ratio against the baseline run beside it.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_dashboard.py
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import detente

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET_S = 1.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        r.read()
    return time.perf_counter() - start


def _start(port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            _get(f"http://127.0.0.1:{port}/api/health")
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("detente serve did not start")


def _browser(url: str, runs: int = 10) -> float | None:
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)  # fills the browser cache (plotly.js) and the server's
        page.wait_for_selector("body[data-ready]", state="attached")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("body[data-ready]", state="attached")
            times.append(time.perf_counter() - start)
        browser.close()
    return statistics.median(times)


def main() -> None:
    today = dt.date.today()
    detente.assess("USA", "RUS", as_of=today)  # imports and first-use costs out of the way
    base = statistics.median(_timed_assess(today) for _ in range(3))
    port = _port()
    proc = _start(port)
    url = f"http://127.0.0.1:{port}/?a=USA&b=RUS&as_of={today}"
    try:
        cold = _get(url)
        warm = statistics.median(_get(url) for _ in range(20))
        view = _browser(url)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    print(f"baseline  detente.assess USA-RUS (uncached): {base * 1000:7.0f} ms")
    print(f"cold page (first request):                 {cold * 1000:7.0f} ms")
    print(f"warm page (server, median of 20):          {warm * 1000:7.0f} ms"
          f"   ratio to baseline {warm / base:.3f}")
    if view is not None:
        print(f"warm view (Chromium, charts drawn, med 10): {view * 1000:7.0f} ms"
              f"   ratio to baseline {view / base:.3f}")
    worst = max(warm, view or 0.0)
    print(f"target: warm page under {TARGET_S:.0f} s — {'met' if worst < TARGET_S else 'NOT met'}")


def _timed_assess(today: dt.date) -> float:
    start = time.perf_counter()
    detente.assess("USA", "RUS", as_of=today)
    return time.perf_counter() - start


if __name__ == "__main__":
    os.environ.setdefault("DETENTE_MIRROR", str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    main()
