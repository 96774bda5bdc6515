"""Readers are never locked out by an ingest: while an ingest of a large generated GDELT file
runs in one process, `detente events index` and `event_index()` in other processes answer with
the events committed before it began (byte for byte the index of before), and so do `events
status` and `detente assess` (which reads the store for its event evidence); a second ingest is
refused with a clear message; afterwards the store is consistent. The ingest is held at a known
point (its progress callback waits for a go-ahead file), so nothing depends on timing."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from detente.events.ingest import ingest
from detente.events.store import EventStore
from events_data import generate

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test

# The writer: ingests BASE-run files [first, big]; once `first` is committed and `big` is about
# to load, it writes `marker` and waits for `go`.
WRITER = """
import pathlib, sys, time
from detente.events.ingest import ingest
first, big, marker, go = sys.argv[1:5]
committed = []
def progress(path, fraction):
    if path == first and fraction == 1.0:
        committed.append(path)
    if path == big and fraction == 0.3 and not pathlib.Path(marker).exists():
        while not committed:
            time.sleep(0.02)
        pathlib.Path(marker).write_text(str(time.time()))
        while not pathlib.Path(go).exists():
            time.sleep(0.02)
results = ingest([first, big], progress=progress)
print(sum(r.kept for r in results))
"""

READER = """
import detente
index = detente.event_index("USA", "RUS", freq="month")
print(index.attrs["provenance"]["snapshot"])
print(index.to_csv(index=False), end="")
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("concurrent")
    out = {}
    for name, rows, seed in (("base", 20000, 31), ("first", 20000, 32), ("big", 300000, 33)):
        generate(root / name, rows=rows, files=1, bad=0.001, seed=seed)
        out[name] = next((root / name).glob("*.export.CSV"))
    return out


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


def _index_cli(env: dict) -> str:
    proc = _run([sys.executable, "-m", "detente", "events", "index", "USA", "RUS", "--freq",
                 "month", "--format", "csv"], env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_readers_answer_from_before_the_ingest_while_it_runs(home, tmp_path, files):
    env = {**os.environ, "DETENTE_HOME": str(home)}
    ingest([files["base"]])
    before_cli = _index_cli(env)
    before_api = _run([sys.executable, "-c", READER], env).stdout
    assert before_cli.count("\n") > 10

    marker, go = tmp_path / "loading", tmp_path / "go"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(files["first"]),
                               str(files["big"]), str(marker), str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while not marker.exists():
            assert writer.poll() is None, writer.communicate()
            time.sleep(0.05)
        # The writer holds the store, has committed `first`, and is loading `big`.
        during_cli = _index_cli(env)
        during_api = _run([sys.executable, "-c", READER], env)
        status = _run([sys.executable, "-m", "detente", "events", "status", "--format", "json"],
                      env)
        assess = _run([sys.executable, "-m", "detente", "assess", "USA", "RUS"], env)
        second = _run([sys.executable, "-m", "detente", "events", "ingest", str(files["big"])],
                      env)
        assert writer.poll() is None  # still held: everything above ran during the ingest
    finally:
        go.write_text("go")
        out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    assert during_cli == before_cli
    assert before_api.startswith("False\n")
    assert during_api.returncode == 0 and during_api.stdout == before_api.replace("False", "True", 1)
    assert status.returncode == 0 and status.stdout.count('"path"') == 1  # only `base` so far
    assert assess.returncode == 0, assess.stderr
    assert "in use by another process" not in assess.stdout + assess.stderr
    assert second.returncode == 2
    assert "being written by another process" in second.stderr
    assert f"(process {writer.pid}" in second.stderr

    # Afterwards: every file in, the books balanced, and readers see the new events.
    with EventStore(read_only=True) as store:
        ledger = store.ledger()
        assert not store.from_snapshot
        assert store.count_events() == ledger["kept"].sum()
    assert len(ledger) == 3 and ledger["kept"].iloc[1:].sum() == int(out) > 200000
    assert (ledger["rows_read"] == ledger["kept"] + ledger["duplicates"]
            + ledger["rejected"]).all()
    assert _index_cli(env) != before_cli


HOLDER = """
import pathlib, sys, time
from detente.events.store import EventStore
marker, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
with EventStore() as store:
    marker.write_text("open")
    while not go.exists():
        time.sleep(0.02)
"""


def test_a_store_an_ingest_is_creating_has_no_events_yet(home, tmp_path):
    """No snapshot exists before the first writer: readers are told there are no events yet,
    and the assessment's counts are zero rather than an error."""
    import datetime as dt

    from detente.events.counts import dyad_counts
    from detente.events.store import NoEventData

    marker, go = tmp_path / "open", tmp_path / "go"
    env = {**os.environ, "DETENTE_HOME": str(home)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(marker), str(go)], env=env)
    try:
        while not marker.exists():
            assert holder.poll() is None
            time.sleep(0.05)
        with pytest.raises(NoEventData, match="being created by an ingest"):
            EventStore(read_only=True)
        counts = dyad_counts("USA", "RUS", dt.date(2020, 1, 1), dt.date(2022, 1, 1))
        assert counts is not None and counts["events"] == 0
    finally:
        go.write_text("go")
        holder.wait(timeout=120)
    assert holder.returncode == 0
    with EventStore(read_only=True) as store:  # the holder is gone: the store itself again
        assert store.count_events() == 0 and not store.from_snapshot
