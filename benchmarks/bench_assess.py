"""How fast is `detente assess` on a pair with no dossier? (targets: ≤ 0.5 s in-process and
≤ 2 s as a process, warm; the dashboard's slider ≤ 0.5 s server-side; 16 concurrent clients on
/api/assess all answered)

For 20 random pairs of states with no dossier, on random dates 1950–2020:
  baseline    `python -c "import detente"` as a process (the interpreter and imports alone)
  in-process  `detente.assess(a, b, as_of=…, history=False)` once warm (a second date of the
              same pair, so the datasets are read and the models fitted already), median
  process     `detente assess A B --as-of …` as a new process, after a first run warmed the
              caches on disk, median
  slider      `/api/assess` for a new date of a warm pair, server-side, median of 20
  concurrent  16 clients asking /api/assess at once: answered, errors, p50/p95
and prints each figure with its ratio against the baseline and the target.

    DETENTE_MIRROR=../shared/data python benchmarks/bench_assess.py [--pairs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import detente
from detente.core.countries import all_states
from detente.dossier.load import list_dossiers


def _pairs(n: int, seed: int = 7) -> list[tuple[str, str, dt.date, dt.date]]:
    rng = random.Random(seed)
    with_dossier = {tuple(p.name.split("-")) for p in list_dossiers()}
    states = [s for s in all_states() if s.spells]
    out = []
    while len(out) < n:
        day = dt.date(rng.randrange(1950, 2020), rng.randrange(1, 13), 15)
        alive = [s for s in states if s.exists_on(day) and s.exists_on(day.replace(year=day.year + 1))]
        a, b = rng.sample(alive, 2)
        if (a.iso3, b.iso3) not in with_dossier and (b.iso3, a.iso3) not in with_dossier:
            out.append((a.iso3, b.iso3, day, day.replace(year=day.year + 1)))
    return out


def _process(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return time.perf_counter() - start, status


def _serve() -> tuple[subprocess.Popen, str]:
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "detente", "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            _get(base + "/api/health")
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("detente serve did not start")


def _line(name: str, value: float, baseline: float, target: float | None) -> None:
    goal = f"; target ≤ {target:.2f} s: {'met' if value <= target else 'MISSED'}" if target else ""
    print(f"{name:<12} {value:7.3f} s  ({value / baseline:5.2f} × baseline){goal}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    pairs = _pairs(args.pairs)
    baseline = statistics.median(_process("-c", "import detente") for _ in range(3))
    inproc = []
    for a, b, first, second in pairs:
        detente.assess(a, b, as_of=first, history=False)
        start = time.perf_counter()
        detente.assess(a, b, as_of=second, history=False)
        inproc.append(time.perf_counter() - start)
    procs = []
    for a, b, first, _ in pairs:
        cmd = ["-m", "detente", "assess", a, b, "--as-of", first.isoformat(), "--format", "json"]
        _process(*cmd)
        procs.append(_process(*cmd))
    print(f"{len(pairs)} pairs with no dossier, e.g. {', '.join(f'{a}–{b} {d}' for a, b, d, _ in pairs[:3])}")
    _line("baseline", baseline, baseline, None)
    _line("in-process", statistics.median(inproc), baseline, 0.5)
    _line("process", statistics.median(procs), baseline, 2.0)
    proc, base = _serve()
    try:
        a, b, first, _ = pairs[0]
        _get(f"{base}/api/assess?a={a}&b={b}&as_of={first}")
        slider = [_get(f"{base}/api/assess?a={a}&b={b}&as_of={first + dt.timedelta(days=30 * k)}")[0]
                  for k in range(1, 21)]
        _line("slider", statistics.median(slider), baseline, 0.5)
        urls = [f"{base}/api/assess?a={x}&b={y}&as_of={d}" for x, y, d, _ in pairs[:16]]
        with ThreadPoolExecutor(16) as pool:
            got = list(pool.map(_get, urls))
        times = sorted(t for t, _ in got)
        errors = sum(status != 200 for _, status in got)
        print(f"concurrent   16 clients: {16 - errors} answered, {errors} errors; "
              f"p50 {statistics.median(times):.2f} s, p95 {times[int(0.95 * (len(times) - 1))]:.2f} s")
    finally:
        proc.terminate()
    print(json.dumps({"baseline_s": baseline, "in_process_s": statistics.median(inproc),
                      "process_s": statistics.median(procs)}))


if __name__ == "__main__":
    main()
