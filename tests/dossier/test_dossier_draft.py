"""`detente dossier draft` and `detente dossier diff` on real material: the corpus essay drafts
candidates the fact check recognises, nothing is written into the dossier, a draft never loads as
facts, and a reviewed candidate (the real 1979 peace treaty, taken out of the dossier and put back
as a draft) moves the cracks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
import yaml

from conftest import MIRROR, TODAY
from detente.assess.draft_diff import diff
from detente.dossier.drafts import DRAFT_KEY, read_draft, to_yaml
from detente.dossier.load import FACTS_ROOT, Dossier, check_file, load_dossier
from runner import detente

ESSAY = MIRROR.parent / "corpus" / "us-russia-rapprochement-essay.txt"


def _dossier_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(FACTS_ROOT.rglob("*.yaml")):
        h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.slow  # runs the CLI as a process
def test_draft_from_the_corpus_essay(tmp_path):
    before = _dossier_hash()
    out = tmp_path / "draft.yaml"
    detente("dossier", "draft", "USA", "RUS", str(ESSAY), "--no-model", "--out", str(out))
    assert _dossier_hash() == before  # nothing written into the dossier
    items = yaml.safe_load(out.read_text())
    assert items and all(i[DRAFT_KEY]["status"] == "unreviewed" for i in items)
    assert all({"USA", "RUS"} & set(i[DRAFT_KEY]["parties"]) for i in items)
    # the August 2022 halt of New START inspections: a candidate the check ties to the treaty
    halt = [i for i in items if "halt to U.S. inspections" in i[DRAFT_KEY]["sentence"]]
    assert halt and all(i["valid_from"] == dt.date(2022, 8, 1) and i.get("precision") == "month"
                        for i in halt)
    assert {i[DRAFT_KEY]["check"].get("fact_id") for i in halt} == {"treaty-new-start"}
    assert {i[DRAFT_KEY]["check"]["verdict"] for i in halt} == {"supports"}
    # the 2014 sanctions sentence becomes a sanction candidate, coded 163, supported by the dossier
    sanction = [i for i in items if i[DRAFT_KEY]["coder"]["cameo"] == "163"
                and i["valid_from"] == dt.date(2014, 1, 1)]
    assert sanction and sanction[0]["kind"] == "sanction"
    assert sanction[0][DRAFT_KEY]["check"] == {
        "verdict": "supports", "fact_id": "sanction-crimea-ukraine-2014",
        "claim": "USA → RUS: CAMEO 163 in 2014"}
    # the essay gives no date of its own: the draft says so
    assert all(i["source"]["date"] is None for i in items)
    assert "unknown" in items[0][DRAFT_KEY]["source_date"]
    # a draft file placed among facts fails validation instead of loading
    facts, problems = check_file(out, TODAY)
    assert facts == [] and problems
    assert all(c.fact is None for c in read_draft(out))  # the TODOs and missing dates keep them out


@pytest.mark.slow  # runs the CLI as a process
def test_draft_reads_the_article_header(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Title: A test article\nURL: https://example.org/a\nPublisher: Example Wire\n"
                       "Date: 2022-08-09\n\n"
                       "Russia declared a temporary halt to U.S. inspections under New START.\n")
    proc = detente("dossier", "draft", "USA", "RUS", str(article), "--no-model")
    items = yaml.safe_load(proc.stdout)
    assert items
    first = items[0]
    assert first["source"] == {"title": "A test article", "publisher": "Example Wire",
                               "date": dt.date(2022, 8, 9), "url": "https://example.org/a"}
    assert first["valid_from"] == dt.date(2022, 8, 9)  # the sentence gives none: the document's date
    assert first[DRAFT_KEY]["date_from"] == "document"


@pytest.mark.slow  # runs the CLI as a process
def test_draft_errors_are_one_line_with_the_place(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Title: x\nDate: someday\n\nRussia and the United States held talks.\n")
    proc = detente("dossier", "draft", "USA", "RUS", str(bad), "--no-model", check_ok=False)
    assert proc.returncode == 2 and f"{bad}:2" in proc.stderr and "Traceback" not in proc.stderr
    proc = detente("dossier", "draft", "USA", "RUS", str(tmp_path / "missing.txt"), check_ok=False)
    assert proc.returncode == 2 and "missing.txt" in proc.stderr
    assert detente("dossier", "draft", "USA", check_ok=False).returncode == 2


def _without(d: Dossier, fact_id: str) -> tuple[Dossier, dict]:
    fact = d.by_id(fact_id)
    assert fact is not None
    rest = Dossier(d.a, d.b, [f for f in d.facts if f.id != fact_id], d.info, d.folder)
    return rest, fact.model_dump(mode="json", exclude_defaults=True)


def test_diff_moves_the_cracks_when_the_peace_treaty_comes_back(tmp_path):
    egy_isr = load_dossier("EGY", "ISR", today=TODAY)
    treaty_id = next(t.id for t in egy_isr.facts if t.kind == "treaty" and t.category == "peace")
    cut, data = _without(egy_isr, treaty_id)
    data[DRAFT_KEY] = {"status": "unreviewed", "sentence": "(reviewed)"}
    broken = {"id": "draft-egy-isr-002", "kind": "sanction", "imposer": ["EGY"], "target": ["ISR"],
              "scope": ["TODO"], "summary": "A candidate still holding a TODO.",
              "valid_from": "1980-01-01", "source": data["source"]}
    path = tmp_path / "draft.yaml"
    path.write_text(to_yaml([data, broken], a="EGY", b="ISR", files=["test"], today=TODAY))
    found = diff(cut, read_draft(path), dt.date(1981, 1, 1))
    assert found.added == (treaty_id,)
    assert [c.id for c in found.invalid] == ["draft-egy-isr-002"]
    assert "scope" in str(found.invalid[0].problems[0])
    moved = [c for c in found.cracks if c.changed]
    assert moved and all(c.moved_by == (treaty_id,) for c in moved)
    full = diff(egy_isr, [], dt.date(1981, 1, 1))  # the real dossier: what the draft restores
    after = {c.id: (c.status_after, c.score_after) for c in found.cracks}
    assert after == {c.id: (c.status_before, c.score_before) for c in full.cracks}


@pytest.mark.slow  # runs the CLI as a process
def test_diff_command_text_and_json(tmp_path):
    egy_isr = load_dossier("EGY", "ISR", today=TODAY)
    _, data = _without(egy_isr, "war-of-attrition")
    data["id"] = "draft-egy-isr-001"  # a new id: the dossier itself is not cut here
    data[DRAFT_KEY] = {"status": "unreviewed"}
    path = tmp_path / "draft.yaml"
    path.write_text(to_yaml([data], a="EGY", b="ISR", files=["test"], today=TODAY))
    payload = json.loads(detente("dossier", "diff", "EGY", "ISR", str(path), "--as-of", "1970-06-01",
                                 "-f", "json").stdout)
    assert payload["candidates_added"] == ["draft-egy-isr-001"] and payload["candidates_invalid"] == []
    assert {c["crack"] for c in payload["cracks"]} == {
        "armed_conflict", "negotiation", "coercion", "arms_control", "societal_ties", "diplomacy"}
    text = detente("dossier", "diff", "EGY", "ISR", str(path), "--as-of", "1970-06-01").stdout
    assert "armed_conflict" in text and "1 candidate(s) added" in text
    assert detente("dossier", "diff", "EGY", "ISR", str(tmp_path / "nope.yaml"),
                   check_ok=False).returncode == 2
