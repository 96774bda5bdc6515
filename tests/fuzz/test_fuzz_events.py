"""Event files of every layout, damaged at random, ingested into a real DuckDB store.

Each damaged file is either ingested — its books balance (lines read = kept + duplicates +
rejected), every reject names its line, field and reason, and the store grows by exactly that —
or refused with a DataError naming the file, and then the store holds exactly what it held
before. No other exception, and a bounded peak RSS, whatever the damage."""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzzing import bounded_memory
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, MIRROR
from detente.coder.event import Actor, CodedEvent
from detente.core.errors import DataError, DetenteError
from detente.events.ingest import ingest
from detente.events.store import EventStore

EVENTS = DATA / "events"
TABLES = ("files", "events", "rejects", "duplicates")


def _gdelt2_lines() -> list[str]:
    """Twelve GDELT 2.0 lines made from the hand-built sample's first (clean) line."""
    first = (EVENTS / "gdelt2_malformed.export.CSV").read_text(encoding="utf-8").splitlines()[0]
    fields = first.split("\t")
    out = []
    for i in range(12):
        row = list(fields)
        row[0] = str(900100000 + i)
        row[1] = f"202203{i + 1:02d}"
        out.append("\t".join(row))
    return out


def _detente_text_lines() -> list[str]:
    """Coded-text JSON Lines as `detente code` writes them (real CodedEvent objects)."""
    usa, rus = Actor(name="Washington", iso3="USA", cow=2), Actor(name="Moscow", iso3="RUS", cow=365)
    out = []
    for i, (cameo, gold) in enumerate([("042", 1.9), ("0311", 5.2), ("163", -8.0), ("111", -2.0),
                                        ("057", 8.0), ("1041", -5.0)]):
        event = CodedEvent(sentence=f"Sentence {i} of a test text.", start=i * 40, end=i * 40 + 30,
                           source=usa if i % 2 else rus, target=rus if i % 2 else usa, cameo=cameo,
                           root=cameo[:2], plover=None, quad_class=1, goldstein=gold, negated=False,
                           date=f"2022-0{i + 1}-1{i}", date_precision="day", trigger="meet",
                           confidence=0.9, doc="fuzz.txt")
        out.append(event.model_dump_json())
    return out


def _head(path: Path, n: int) -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n") for line in itertools.islice(fh, n)]


def _clean(path: Path) -> list[str]:
    """The lines of a hand-built sample that its `.expected.csv` does not list as rejected."""
    expected = path.with_name(path.name.split(".")[0] + ".expected.csv")
    rejected = {int(row.split(",")[0]) for row in expected.read_text().splitlines()[1:]}
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for i, line in enumerate(lines, start=1) if i not in rejected]


# layout → (lines of a valid file, the field delimiter, how many header lines)
SEEDS = {
    "gdelt1": (_head(MIRROR / "gdelt_sample" / "original" / "events.csv", 12), "\t", 0),
    "gdelt2": (_gdelt2_lines(), "\t", 0),
    "icews": (_head(MIRROR / "icews_sample" / "original" / "events.2018.sample.tab", 12), "\t", 1),
    "plover_jsonl": (_clean(EVENTS / "plover_sample.jsonl"), ", ", 0),
    "plover_array": ((EVENTS / "plover_array.json").read_text(encoding="utf-8").splitlines(), ", ", 1),
    "polecat": (_head(EVENTS / "polecat_sample.txt", 4), "\t", 1),
    "weis": (_head(EVENTS / "weis_malformed.csv", 3), ",", 1),
    "detente_text": (_detente_text_lines(), ", ", 0),
}

BAD_VALUES = st.one_of(
    st.sampled_from([b"", b"20221345", b"2022-02-30", b"99999999", b"-1", b"NaN", b"1e999", b"None",
                     b"null", b"\x00", "\u00e9".encode(), b"\xef\xbb\xbf", b'"', b"'", b"\\", b"{",
                     b"[", b"}", b"]", b"\r", b"\xff\xfe", b"0" * 300]),
    st.text(max_size=20).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.binary(max_size=12),
)
KINDS = ["truncate", "drop_field", "extra_field", "bad_value", "random_bytes", "insert_bytes",
         "blank", "duplicate", "crlf", "join", "delete"]


@st.composite
def damaged(draw, layout: str) -> tuple[bytes, str]:
    """A valid file of `layout` with a few random kinds of damage, and how it is compressed."""
    text, delimiter, header = SEEDS[layout]
    lines = [line.encode("utf-8") for line in text]
    delim = delimiter.encode()
    for _ in range(draw(st.integers(1, 4))):
        # now and then the header (or first line, which tells the layout); mostly the rows
        last = len(lines) - 1
        at = draw(st.integers(min(header, last) if draw(st.integers(0, 9)) else 0, last))
        line, kind = lines[at], draw(st.sampled_from(KINDS))
        if kind == "truncate":
            lines[at] = line[: draw(st.integers(0, max(0, len(line) - 1)))]
        elif kind in ("drop_field", "extra_field", "bad_value"):
            fields = line.split(delim)
            k = draw(st.integers(0, len(fields) - 1))
            if kind == "drop_field":
                del fields[k]
            elif kind == "extra_field":
                fields.insert(k, draw(BAD_VALUES))
            else:
                fields[k] = draw(BAD_VALUES)
            lines[at] = delim.join(fields)
        elif kind == "random_bytes":
            lines[at] = draw(st.binary(min_size=1, max_size=200))
        elif kind == "insert_bytes":
            k = draw(st.integers(0, len(line)))
            lines[at] = line[:k] + draw(st.binary(min_size=1, max_size=8)) + line[k:]
        elif kind == "blank":
            lines.insert(at, b"")
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "crlf":
            lines[at] = line + b"\r"
        elif kind == "join" and at + 1 < len(lines):
            lines[at : at + 2] = [line + lines[at + 1]]
        elif kind == "delete" and len(lines) > 1:
            del lines[at]
    raw = b"\n".join(lines) + (b"\n" if draw(st.booleans()) else b"")
    return raw, draw(st.sampled_from(["none", "none", "gzip", "zip", "broken-gzip"]))


def _write(folder: Path, n: int, raw: bytes, compression: str) -> Path:
    path = folder / f"input-{n}.txt"
    if compression == "gzip":
        path = path.with_suffix(".txt.gz")
        path.write_bytes(gzip.compress(raw))
    elif compression == "broken-gzip":
        path = path.with_suffix(".txt.gz")
        path.write_bytes(gzip.compress(raw)[: max(3, len(raw) // 3)])
    elif compression == "zip":
        path = path.with_suffix(".zip")
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("events.txt", raw)
    else:
        path.write_bytes(raw)
    return path


def _counts(store: EventStore) -> dict[str, int]:
    return {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


@pytest.fixture
def store(home) -> Iterator[tuple[EventStore, Path, itertools.count]]:
    """A real event store in this test's home, a folder for inputs, a counter for file names."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-events-"))
    with EventStore() as s:
        yield s, folder, itertools.count()
    shutil.rmtree(folder, ignore_errors=True)


def check_ingest(store: EventStore, path: Path) -> None:
    """Ingest `path`: a balanced result reflected exactly in the store, or a DataError that
    names the file and leaves the store as it was."""
    before = _counts(store)
    with bounded_memory():
        try:
            (result,) = ingest([path], store=store)
        except DataError as exc:
            assert str(path) in str(exc), str(exc)
            assert _counts(store) == before, f"half-written after: {exc}"
            return
        except DetenteError as exc:  # any other error of detente's own: still nothing written
            assert _counts(store) == before, f"half-written after: {exc}"
            return
    after = _counts(store)
    if result.skipped:
        assert after == before
        return
    assert result.kept + result.duplicates + result.n_rejected == result.rows_read
    assert after == {"files": before["files"] + 1, "events": before["events"] + result.kept,
                     "rejects": before["rejects"] + result.n_rejected,
                     "duplicates": before["duplicates"] + result.duplicates}
    rejects = store.rejects(str(path))
    assert rejects["reason"].str.len().gt(0).all()
    assert rejects["line"].between(1, result.rows_read + 1 + len(SEEDS)).all()


@pytest.mark.parametrize("layout", sorted(SEEDS))
def test_valid_seed_files_ingest_whole(store, layout):
    """The seeds ingest clean (the PLOVER array sample keeps its one bad date by design): the
    property below damages files that would be accepted."""
    s, folder, n = store
    lines, _, header = SEEDS[layout]
    path = _write(folder, next(n), ("\n".join(lines) + "\n").encode("utf-8"), "none")
    (result,) = ingest([path], store=s)
    assert result.kept > 0 and result.n_rejected == (layout == "plover_array")


@pytest.mark.parametrize("layout", sorted(SEEDS))
def test_damaged_files_are_ingested_or_refused_cleanly(store, layout):
    s, folder, counter = store

    @given(damaged(layout))
    def run(case: tuple[bytes, str]) -> None:
        raw, compression = case
        check_ingest(s, _write(folder, next(counter), raw, compression))

    run()


@given(st.binary(min_size=0, max_size=2048), st.sampled_from([1, 32]))
def test_random_bytes_are_refused_or_rejected_line_by_line(store, noise, repeat):
    """Noise of any size up to 64 KiB: never a traceback, never a half-written store."""
    s, folder, counter = store
    check_ingest(s, _write(folder, next(counter), noise * repeat, "none"))


def test_64_kib_of_random_bytes_are_refused_naming_the_file(store):
    s, folder, counter = store
    path = _write(folder, next(counter), bytes(range(256)) * 256, "none")
    before = _counts(s)
    with pytest.raises(DataError, match=r"input-\d+\.txt"):
        ingest([path], store=s)
    assert _counts(s) == before


def test_json_records_of_any_shape(store):
    """First lines that are JSON of any shape: a layout is told or a DataError, nothing else."""
    s, folder, counter = store
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))
    shapes = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.sampled_from(["id", "date", "source", "recipient",
                                                             "event", "cameo", "sentence", "x"]),
                                            inner, max_size=5), max_leaves=12)

    @given(st.lists(shapes, min_size=1, max_size=4))
    def run(records: list) -> None:
        raw = "\n".join(json.dumps(r) for r in records).encode("utf-8")
        check_ingest(s, _write(folder, next(counter), raw, "none"))

    run()
