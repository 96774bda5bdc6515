"""Bad input to `detente code`: empty, binary, bad UTF-8, gigantic lines, HTML with scripts, files that
do not exist — each is skipped or coded with a warning, and the rest of the batch still runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ESSAY
from detente.coder import code_files
from detente.coder.inputs import Document, Skipped, read

pytestmark = pytest.mark.slow  # real processes and servers: run by scripts/test


def detente(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m detente ARGS` as a real process (text output, bounded)."""
    return subprocess.run([sys.executable, "-m", "detente", *args], capture_output=True, text=True,
                          timeout=300, env=env)

NEWS = "Russia launched a full-scale invasion of Ukraine on February 24, 2022.\n"


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_empty.txt").write_text("  \n\n", encoding="utf-8")
    (d / "b_binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "c_latin1.txt").write_bytes(
        ("Moscou a expulsé. " + NEWS).encode("latin-1", errors="replace")
        + b"\xff\xfe broken "
        + NEWS.encode()
    )
    (d / "d_huge.txt").write_text("Russia attacked Ukraine " * 20_000 + "\n" + NEWS, encoding="utf-8")
    (d / "e_page.html").write_text(
        "<html><head><title>t</title><script>var s = 'The United States attacked Canada.';</script>"
        "<style>p{}</style></head><body><nav>Menu</nav><article><h1>War news</h1>"
        f"<p>{NEWS}</p><p>The United States imposed sanctions on Russia over Crimea in March 2014.</p>"
        "<p>Washington and Moscow held talks in Geneva on January 10, 2022.</p></article>"
        "<script>document.write('Iran bombed Israel.')</script></body></html>",
        encoding="utf-8",
    )
    (d / "f_notes.md").write_text("# Notes\n\n" + NEWS, encoding="utf-8")
    (d / "g_script.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    return d


def test_each_bad_file_is_skipped_or_warned_and_the_batch_goes_on(batch, tmp_path):
    events, skipped, docs = code_files([batch, tmp_path / "missing.txt"], use_model=False)
    reasons = {s.path.name: s.reason for s in skipped}
    assert reasons["a_empty.txt"] == "empty"
    assert reasons["b_binary.txt"].startswith("binary")
    assert reasons["g_script.html"].startswith("no main text")
    assert reasons["missing.txt"] == "no such file or folder"
    warned = {d.path.name: d.warnings for d in docs}
    assert "not valid UTF-8" in warned["c_latin1.txt"][0]
    assert "cut into pieces" in warned["d_huge.txt"][0]
    per_doc = {}
    for e in events:
        per_doc.setdefault(e.doc.rsplit("/", 1)[-1], set()).add((e.source.iso3, e.target.iso3, e.root))
    for name in ("c_latin1.txt", "d_huge.txt", "e_page.html", "f_notes.md"):
        assert ("RUS", "UKR", "19") in per_doc[name], name
    assert per_doc["e_page.html"] >= {("USA", "RUS", "16"), ("USA", "RUS", "04")}
    assert not any(e.target.iso3 in ("CAN",) or e.source.iso3 == "IRN" for e in events)  # script text


def test_html_spans_index_the_extracted_text(batch):
    doc = read(batch / "e_page.html")
    assert isinstance(doc, Document) and "document.write" not in doc.text and "var s" not in doc.text


def test_unsupported_file_type_is_named(tmp_path):
    p = tmp_path / "data.pdf"
    p.write_bytes(b"%PDF-1.4")
    got = read(p)
    assert isinstance(got, Skipped) and "unsupported file type '.pdf'" in got.reason


def test_cli_reports_skips_on_stderr_and_escapes_markup(batch, tmp_path):
    tricky = batch / "h_markup.txt"
    tricky.write_text("Moscow expelled 60 American diplomats [bold red]in March 2018[/].", encoding="utf-8")
    proc = detente("code", str(batch), "--no-model")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert lines and all({"sentence", "source", "target", "cameo", "quad_class"} <= set(x) for x in lines)
    assert "skipped:" in proc.stderr and "b_binary.txt: binary" in proc.stderr
    text = detente("code", str(tricky), "--no-model", "-f", "text", env={**os.environ, "COLUMNS": "300"})
    assert text.returncode == 0 and "[bold red]in March 2018[/]" in text.stdout


def test_cli_exits_2_when_nothing_could_be_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    proc = detente("code", str(empty), "--no-model")
    assert proc.returncode == 2 and "empty.txt: empty" in proc.stderr


def test_essay_codes_to_jsonl_with_the_issue_fields(tmp_path):
    out = tmp_path / "events.jsonl"
    proc = detente("code", str(ESSAY), "--no-model", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 8
    essay = ESSAY.read_text(encoding="utf-8")
    for r in rows:
        assert essay[r["start"] : r["end"]] == r["sentence"]
        assert set(r["source"]) == {"name", "iso3", "cow"} and len(r["root"]) == 2
        assert r["quad_class"] == (
            1 if int(r["root"]) <= 5 else 2 if int(r["root"]) <= 9 else 3 if int(r["root"]) <= 14 else 4
        )


def test_code_runs_from_a_cache_filled_by_data_pull_without_the_mirror(tmp_path):
    """The codebook comes through the dataset registry: after `detente data pull` of the CAMEO
    tables (from the mirror), `detente code` needs no DETENTE_MIRROR."""
    env = {**os.environ, "DETENTE_HOME": str(tmp_path / "home")}
    pull = detente("data", "pull", "cameo_icews", "cameo_goldstein", "cameo_plover", env=env)
    assert pull.returncode == 0, pull.stderr
    env.pop("DETENTE_MIRROR")
    news = tmp_path / "news.txt"
    news.write_text("Biden banned imports of Russian oil, gas and coal on March 8, 2022.\n", encoding="utf-8")
    proc = detente("code", str(news), "--no-model", env=env)
    assert proc.returncode == 0, proc.stderr
    (event,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert (event["cameo"], event["goldstein"], event["plover"]) == ("163", -8.0, "COERCE")
