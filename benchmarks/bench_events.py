"""Event-engine benchmark on GDELT 2.0 files made by ../shared/bench/gen_gdelt.py. In one run it
times, each in a fresh process (so each peak RSS is its own):

  (a) detente ingest into a new store (hash, line accounting, rejects, dedup, ledger);
  (b) the ingest floor: a bare DuckDB `CREATE TABLE AS SELECT <the same columns> FROM
      read_csv(...)` into a new database file, nothing else;
  (c) the monthly USA→RUS and RUS→USA index from the store (a first and a second call);
  (d) what gdeltPyR users do: pandas read_csv of the 61 columns (quoting off), filter, groupby.

and prints rows/s, peak RSS and the ratios; the pandas result is checked against the index.

With --readers it times instead what readers see during an ingest: a store holding the first
file, then the other files ingested by one process while readers ask again and again, in turn
the monthly index from Python, `detente events index USA RUS` and `detente assess USA RUS`
(each in a fresh process); it prints the ingest's time and rate, how many readers answered as
they did before the ingest, how fast, the store's consistency after, and the snapshot's size
and copy time.

    python benchmarks/bench_events.py --rows 5000000 --files 20 [--work DIR] [--repeat 2]
    python benchmarks/bench_events.py --rows 5000000 --files 20 --readers
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEN = HERE.parent.parent / "shared" / "bench" / "gen_gdelt.py"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process, all threads (steadier than wall time on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _files(data: Path) -> list[str]:
    return sorted(str(p) for p in data.glob("*.export.CSV"))


def phase_ingest(data: Path, home: Path) -> dict:
    os.environ["DETENTE_HOME"] = str(home)
    from detente.events.ingest import ingest

    start, cpu = time.perf_counter(), _cpu()
    results = ingest(_files(data))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": _cpu() - cpu, "rows": sum(r.kept for r in results),
            "peak_mb": _peak_mb()}


def phase_bare(data: Path, home: Path) -> dict:
    import duckdb

    from detente.events.layouts import LAYOUTS

    layout = LAYOUTS["gdelt2"]
    cols = ", ".join(f"'{c}': '{t}'" for c, t in layout.column_types().items())
    keep = ", ".join(f"{expr} AS {name}" for name, expr in layout.select.items())
    db = home / "bare.duckdb"
    start, cpu = time.perf_counter(), _cpu()
    con = duckdb.connect(str(db))
    con.execute(f"""CREATE TABLE events AS SELECT {keep} FROM read_csv({_files(data)!r},
        columns = {{{cols}}}, header = false, delim = '\t', quote = '', escape = '',
        dateformat = '%Y%m%d', auto_detect = false)""")
    rows = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    con.close()
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "rows": rows,
            "peak_mb": _peak_mb()}


def phase_index(data: Path, home: Path) -> dict:
    os.environ["DETENTE_HOME"] = str(home)
    import detente
    import detente.events.query  # noqa: F401  (imports are not the query's time)

    times, cpus = [], []
    for _ in range(2):
        start, cpu = time.perf_counter(), _cpu()
        frame = detente.event_index("USA", "RUS", freq="month")
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    frame[frame.events > 0].to_csv(data / "index.csv", index=False)
    return {"seconds": times[0], "cpu": cpus[0], "seconds_second_call": times[1],
            "rows": int(frame.events.sum()), "peak_mb": _peak_mb()}


def phase_pandas(data: Path, home: Path) -> dict:
    import pandas as pd

    from detente.events.layouts import LAYOUTS

    names = list(LAYOUTS["gdelt2"].columns)
    start, cpu = time.perf_counter(), _cpu()
    frames = [pd.read_csv(f, sep="\t", header=None, names=names, quoting=csv.QUOTE_NONE,
                          dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str},
                          on_bad_lines="skip", encoding_errors="replace")
              for f in _files(data)]
    df = pd.concat(frames, ignore_index=True)
    pair = df[((df.Actor1CountryCode == "USA") & (df.Actor2CountryCode == "RUS"))
              | ((df.Actor1CountryCode == "RUS") & (df.Actor2CountryCode == "USA"))]
    pair = pair.assign(period=pair.SQLDATE.astype(str).str[:4] + "-" + pair.SQLDATE.astype(str).str[4:6])
    out = pair.groupby(["period", "Actor1CountryCode", "Actor2CountryCode"]).agg(
        events=("GLOBALEVENTID", "size"), goldstein_sum=("GoldsteinScale", "sum"),
        goldstein_mean=("GoldsteinScale", "mean"),
        q1=("QuadClass", lambda s: (s == 1).sum()), q2=("QuadClass", lambda s: (s == 2).sum()),
        q3=("QuadClass", lambda s: (s == 3).sum()), q4=("QuadClass", lambda s: (s == 4).sum()))
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    out.reset_index().to_csv(data / "pandas.csv", index=False)
    return {"seconds": seconds, "cpu": cpu, "rows": len(df), "peak_mb": _peak_mb()}


def phase_reader(data: Path, home: Path) -> dict:
    """One reader: the monthly index from the store (or its snapshot, if a writer holds it)."""
    os.environ["DETENTE_HOME"] = str(home)
    import detente

    start = time.perf_counter()
    frame = detente.event_index("USA", "RUS", freq="month")
    return {"seconds": time.perf_counter() - start, "events": int(frame.events.sum())}


PHASES = {"ingest": phase_ingest, "bare": phase_bare, "index": phase_index,
          "pandas": phase_pandas, "reader": phase_reader}


READERS = {  # what a reader runs during the ingest, each in a fresh process
    "index (python)": None,  # phase_reader: detente.event_index in a process of its own
    "events index (CLI)": ["events", "index", "USA", "RUS", "--format", "json"],
    "assess (CLI)": ["assess", "USA", "RUS", "--no-history", "--format", "json"],
}


def _read_once(kind: str, data: Path, home: Path) -> tuple[int, float, object]:
    """One reader: exit code, seconds (process start-up included for the CLI) and what it saw —
    the index's event count, or the assessment's evidence from the event store."""
    if READERS[kind] is None:
        proc = subprocess.run([sys.executable, __file__, "--phase", "reader", "--data", str(data),
                               "--home", str(home)], capture_output=True, text=True)
        if proc.returncode:
            return proc.returncode, float("nan"), proc.stderr.strip().splitlines()[-1:]
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        return 0, r["seconds"], r["events"]
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "detente", *READERS[kind]], capture_output=True,
                          text=True, env={**os.environ, "DETENTE_HOME": str(home)})
    seconds = time.perf_counter() - start
    if proc.returncode:
        return proc.returncode, seconds, proc.stderr.strip()[:200]
    out = json.loads(proc.stdout)
    if kind.startswith("events index"):
        return 0, seconds, sum(row["events"] for row in out)
    evidence = [e for c in out["cracks"] for e in c.get("evidence", [])
                if e.get("provider") == "events"]
    return 0, seconds, json.dumps(evidence, sort_keys=True)


def _consistency(home: Path, rows: int) -> str:
    """The store after the ingest: every file's books balance and the events add up."""
    from detente.events.store import EventStore

    with EventStore(home / "detente.duckdb", read_only=True) as store:
        ledger = store.ledger()
        events = store.count_events()
        rejects = store.con.execute("SELECT count(*) FROM rejects").fetchall()[0][0]
    balanced = bool((ledger.rows_read == ledger.kept + ledger.duplicates + ledger.rejected).all())
    return (f"{len(ledger)} files in the ledger, books balance: {balanced}; {events:,} events "
            f"(ledger says {int(ledger.kept.sum()):,}; generated {rows:,}), {rejects} rejects")


def readers_during_ingest(rows: int, files: int, work: Path) -> None:
    """Readers against a store while the rest of the files are ingested (see the docstring):
    in turn the index from Python, `detente events index` and `detente assess`, each compared
    with what it answered before the ingest began."""
    data = work / f"gdelt_{rows}_{files}"
    generate(data, rows, files)
    paths = _files(data)
    home = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "DETENTE_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "detente", "events", "ingest", paths[0]], env=env,
                   check=True, capture_output=True)
    before = {}
    for kind in READERS:
        code, _, seen = _read_once(kind, data, home)
        if code:
            raise SystemExit(f"{kind} failed before the ingest: {seen}")
        before[kind] = seen
    code = ("import sys, time\nfrom detente.events.ingest import ingest\nt = time.perf_counter()\n"
            "r = ingest(sys.argv[1:])\nprint(sum(x.kept for x in r), time.perf_counter() - t)")
    start = time.perf_counter()
    writer = subprocess.Popen([sys.executable, "-c", code, *paths[1:]], env=env,
                              stdout=subprocess.PIPE, text=True)
    tally = {kind: {"same": 0, "different": 0, "refused": 0, "seconds": []} for kind in READERS}
    problems: list[str] = []
    for kind in itertools.cycle(READERS):
        if writer.poll() is not None:
            break
        code, seconds, seen = _read_once(kind, data, home)
        if writer.poll() is not None:
            break  # finished after the ingest: not a reader during it
        t = tally[kind]
        if code:
            t["refused"] += 1
            problems.append(f"{kind}: exit {code}: {seen}")
        else:
            t["seconds"].append(seconds)
            t["same" if seen == before[kind] else "different"] += 1
    wall = time.perf_counter() - start
    kept, ingest_s = writer.stdout.read().split()
    print(f"\n{rows:,} rows in {files} files: the first file in the store, {int(kept):,} events "
          f"ingested by a writer in {float(ingest_s):.1f} s ({wall:.1f} s with start-up): "
          f"{int(kept) / float(ingest_s):,.0f} rows/s")
    print(f"  readers during the ingest (events before it: {before['index (python)']:,} "
          "USA-RUS events in the index):")
    for kind, t in tally.items():
        secs = sorted(t["seconds"])
        timing = (f"median {secs[len(secs) // 2]:.2f} s, max {secs[-1]:.2f} s" if secs
                  else "none finished")
        print(f"    {kind:<20} {t['same']} answered as before the ingest, {t['different']} "
              f"differently, {t['refused']} refused; {timing}")
    for p in problems[:5]:
        print(f"    ! {p}")
    print(f"  after: {_consistency(home, rows)}")
    snap = home / "detente.snapshot.duckdb"
    from detente.events import snapshot

    main = home / "detente.duckdb"
    snap.unlink()
    (home / "detente.snapshot.json").unlink()
    t = time.perf_counter()
    snapshot.publish(main)
    publish_s = time.perf_counter() - t
    print(f"  snapshot of the final store: {main.stat().st_size / 1e6:.0f} MB, published in "
          f"{publish_s:.2f} s")
    shutil.rmtree(home)


def run_phase(name: str, data: Path, home: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--phase", name, "--data", str(data),
                           "--home", str(home)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def generate(data: Path, rows: int, files: int) -> None:
    manifest = data / "MANIFEST.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if len(m) == files and sum(v["lines"] for v in m.values()) == rows:
            return
        shutil.rmtree(data)
    subprocess.run([sys.executable, str(GEN), str(data), "--rows", str(rows), "--files",
                    str(files)], check=True)


def bench(rows: int, files: int, work: Path, repeat: int) -> dict:
    data = work / f"gdelt_{rows}_{files}"
    generate(data, rows, files)
    size = sum(Path(f).stat().st_size for f in _files(data))
    best: dict[str, dict] = {}
    pairs: list[float] = []
    for _ in range(repeat):  # interleaved, best of `repeat`: the machine may be shared
        seen: dict[str, float] = {}
        for name in ("bare", "ingest"):
            home = Path(tempfile.mkdtemp(dir=work))
            r = run_phase(name, data, home)
            if name == "ingest":
                index = run_phase("index", data, home)
                if "index" not in best or index["seconds"] < best["index"]["seconds"]:
                    best["index"] = index
            shutil.rmtree(home)
            seen[name] = r["seconds"]
            if name not in best or r["seconds"] < best[name]["seconds"]:
                best[name] = r
        pairs.append(seen["ingest"] / seen["bare"])
    home = Path(tempfile.mkdtemp(dir=work))
    best["pandas"] = run_phase("pandas", data, home)
    shutil.rmtree(home)
    return {"rows": rows, "files": files, "bytes": size, "same_result": _same(data),
            "pair_ratios": pairs, **best}


def _same(data: Path) -> bool:
    """Do pandas and detente count the same events per month and direction?"""
    import pandas as pd

    ours = pd.read_csv(data / "index.csv", dtype={"period": str})
    theirs = pd.read_csv(data / "pandas.csv", dtype={"period": str}).rename(
        columns={"Actor1CountryCode": "source", "Actor2CountryCode": "target"})
    key = ["period", "source", "target"]
    merged = ours.merge(theirs, on=key, suffixes=("", "_pandas"), how="outer")
    return bool((merged["events"] == merged["events_pandas"]).all()
                and ((merged["goldstein_sum"] - merged["goldstein_sum_pandas"]).abs() < 1e-6).all())


def report(r: dict) -> None:
    n = r["rows"]
    print(f"\n{n:,} rows in {r['files']} files ({r['bytes'] / 1e9:.2f} GB); pandas and detente "
          f"agree: {r['same_result']}")
    for name in ("bare", "ingest", "index", "pandas"):
        p = r[name]
        rate = f"{n / p['seconds']:>12,.0f} rows/s" if name != "index" else " " * 19
        extra = (f"  (second call {p['seconds_second_call']:.3f} s)"
                 if name == "index" else "")
        print(f"  {name:<7} {p['seconds']:8.3f} s {rate}  CPU {p['cpu']:7.2f} s  "
              f"peak RSS {p['peak_mb']:7.0f} MB{extra}")
    ingest, bare, index, pandas = (r[k]["seconds"] for k in ("ingest", "bare", "index", "pandas"))
    cpu = {k: r[k]["cpu"] for k in ("ingest", "bare", "index", "pandas")}
    pairs = ", ".join(f"{x:.2f}" for x in r["pair_ratios"])
    print(f"  ingest / bare DuckDB load        = {ingest / bare:.2f}x wall (best runs), "
          f"{cpu['ingest'] / cpu['bare']:.2f}x CPU; back-to-back pairs: {pairs}  (target ≤ 1.5)")
    print(f"  pandas / (ingest + index)        = {pandas / (ingest + index):.1f}x wall, "
          f"{cpu['pandas'] / (cpu['ingest'] + cpu['index']):.1f}x CPU  (target ≥ 5)")
    print(f"  index from the store             = {index:.3f} s (target well under 1 s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[5_000_000],
                    help="one or more input sizes (peak RSS is compared across them)")
    ap.add_argument("--files", type=int, nargs="+", default=[20])
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--readers", action="store_true", help="readers during an ingest")
    ap.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.phase:
        print(json.dumps(PHASES[a.phase](a.data, a.home)))
        return
    work = a.work or Path(tempfile.mkdtemp(prefix="bench-events-"))
    work.mkdir(parents=True, exist_ok=True)
    files = a.files * len(a.rows) if len(a.files) == 1 else a.files
    if a.readers:
        for rows, k in zip(a.rows, files, strict=True):
            readers_during_ingest(rows, k, work)
        return
    results = [bench(rows, k, work, a.repeat) for rows, k in zip(a.rows, files, strict=True)]
    for r in results:
        report(r)
    if len(results) > 1:
        peaks = ", ".join(f"{r['rows']:,} rows: {r['ingest']['peak_mb']:.0f} MB" for r in results)
        print(f"\npeak RSS of the ingest by input size: {peaks}")


if __name__ == "__main__":
    main()
