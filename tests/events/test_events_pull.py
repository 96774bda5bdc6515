"""`detente events pull gdelt` against a real HTTP server on 127.0.0.1 serving GDELT-style export
zips and a master file list: size/MD5 checks, resume, missing slices, ingest, idempotence."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.events.pull import pull_gdelt, slices
from detente.events.store import EventStore
from events_data import generate

DAY = dt.date(2022, 2, 24)
STAMPS = [dt.datetime(2022, 2, 24, 0, 0) + dt.timedelta(minutes=15 * k) for k in range(8)]


class _RangeHandler(http.server.BaseHTTPRequestHandler):
    """GET with `Range: bytes=N-` support; records every request's path and Range header."""

    root: Path
    seen: list

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.root / self.path.lstrip("/")
        self.seen.append((self.path, self.headers.get("Range")))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        start = 0
        if (rng := self.headers.get("Range")) and rng.startswith("bytes="):
            start = int(rng[6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])

    def log_message(self, *args):
        pass


@pytest.fixture
def gdelt_server(tmp_path, monkeypatch):
    """A server with 8 export zips of 2022-02-24 00:00–01:45 and a master list in which 00:45 is
    not listed, 01:00 carries a wrong MD5 and 01:15 is listed but not served."""
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    www = tmp_path / "www"
    (www / "gdeltv2").mkdir(parents=True)
    generate(tmp_path / "gen", rows=800, files=1, seed=3)
    (source,) = (tmp_path / "gen").glob("*.export.CSV")
    lines = source.read_bytes().splitlines(keepends=True)
    handler = type("Handler", (_RangeHandler,), {"root": www, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/gdeltv2"
    master = ["not a valid line"]
    for k, stamp in enumerate(STAMPS):
        name = f"{stamp:%Y%m%d%H%M%S}.export.CSV"
        path = www / "gdeltv2" / f"{name}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name, b"".join(lines[100 * k:100 * (k + 1)]))
        md5 = hashlib.md5(path.read_bytes()).hexdigest()
        if stamp.minute == 45 and stamp.hour == 0:
            continue  # not in the master list
        if stamp.hour == 1 and stamp.minute == 0:
            md5 = "0" * 32  # published checksum does not match
        master.append(f"{path.stat().st_size} {md5} {base}/{path.name}")
        master.append(f"1234 {'a' * 32} {base}/{stamp:%Y%m%d%H%M%S}.mentions.CSV.zip")
        if stamp.hour == 1 and stamp.minute == 15:
            path.unlink()  # listed, but the server answers 404
    (www / "gdeltv2" / "masterfilelist.txt").write_text("\n".join(master) + "\n")
    yield f"{base}/masterfilelist.txt", www / "gdeltv2", handler.seen
    server.shutdown()


def test_pull_checks_resumes_reports_missing_slices_and_ingests(gdelt_server, tmp_path):
    master, www, seen = gdelt_server
    # A download cut short by an earlier run: the first half of the 00:30 file.
    cache = tmp_path / "home" / "gdelt" / "v2"
    cache.mkdir(parents=True)
    half = (www / "20220224003000.export.CSV.zip").read_bytes()
    (cache / "20220224003000.export.CSV.zip.part").write_bytes(half[: len(half) // 2])

    result = pull_gdelt(DAY, DAY, url=master)

    assert result.malformed_lines == [1]
    assert result.listed == 7
    ok = ["20220224000000", "20220224001500", "20220224003000", "20220224013000",
          "20220224014500"]
    assert sorted(result.downloaded) == [f"{s}.export.CSV.zip" for s in ok]
    assert ("/gdeltv2/20220224003000.export.CSV.zip", f"bytes={len(half) // 2}-") in seen
    missing = {m["slice"]: m["reason"] for m in result.missing}
    assert len(missing) == len(slices(DAY, DAY)) - len(ok) == 96 - 5
    assert missing["2022-02-24T00:45:00"] == "not in the master list"
    assert missing["2022-02-24T01:00:00"].startswith("MD5")
    assert missing["2022-02-24T01:15:00"] == "HTTP 404"
    assert missing["2022-02-24T23:45:00"] == "not in the master list"
    assert not (cache / "20220224010000.export.CSV.zip").exists()  # the corrupt file is gone
    assert [r.kept + r.duplicates + r.n_rejected for r in result.ingested] == [100] * 5
    with EventStore() as store:
        assert store.count_events() == 500

    again = pull_gdelt(DAY, DAY, url=master)
    assert again.downloaded == [] and len(again.reused) == 5
    assert all(r.skipped for r in again.ingested)


def test_cli_pull_json_and_an_unreachable_master_list(gdelt_server, tmp_path):
    master, _, _ = gdelt_server
    runner = CliRunner()
    res = runner.invoke(app, ["events", "pull", "gdelt", "--since", "2022-02-24", "--until",
                              "2022-02-24", "--master", master, "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert len(report["downloaded"]) == 5 and len(report["missing"]) == 91
    res = runner.invoke(app, ["events", "pull", "gdelt", "--since", "2022-02-24", "--until",
                              "2022-02-24", "--master", master.replace("masterfilelist", "nope")])
    assert res.exit_code == 2 and "cannot read the GDELT master file list" in res.output
