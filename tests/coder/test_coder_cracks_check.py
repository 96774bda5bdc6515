"""The essay through `detente code --cracks` and `detente check`: it must yield its cracks, flag its
"START III" and confirm its New START facts against the dossier."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

import detente
from conftest import ESSAY
from detente.coder.check import check_text
from detente.coder.cracks import CRACK_IDS, summary, tag_cracks

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def essay():
    return ESSAY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def usa_rus():
    return detente.dossier("USA", "RUS")


@pytest.fixture(scope="module")
def claims(essay, usa_rus):
    return check_text(essay, usa_rus, TODAY)


def _paragraph(paras, opening):
    return next(p for p in paras if p.text.startswith(opening))


@pytest.mark.parametrize("use_model", [False, True])
def test_essay_yields_all_six_cracks(essay, use_model):
    if use_model:
        pytest.importorskip("sentence_transformers")  # the optional extra detente[embed]
    paras = tag_cracks(essay, use_model=use_model)
    assert set(summary(paras)) == set(CRACK_IDS)
    tags = {p.text[:30]: {t.crack: t.stance for t in p.cracks} for p in paras}
    assert (
        tags[_paragraph(paras, "Furthermore, most of the bilateral").text[:30]]["arms_control"] == "worsening"
    )
    assert tags[_paragraph(paras, "Additionally, there is little").text[:30]]["societal_ties"] == "worsening"
    assert tags[_paragraph(paras, "To conclude, re-engagement").text[:30]]["diplomacy"] == "improving"
    assert "negotiation" in tags[_paragraph(paras, "For instance, in December 2022").text[:30]]
    assert "coercion" in tags[_paragraph(paras, "According to the Global Times").text[:30]]
    assert "armed_conflict" in tags[_paragraph(paras, "Russia-Ukraine war - Ukraine").text[:30]]
    assert not any(p.text.startswith(("1.", "Medea Benjamin")) for p in paras)  # references are left out


def test_start_iii_is_flagged_with_the_start_treaties_the_dossier_knows(claims, essay):
    (start3,) = [c for c in claims if c.text == "START III"]
    assert start3.verdict == "contradicted"
    assert {f.id for f in start3.facts} == {"treaty-start-i-1991", "treaty-start-ii-1993", "treaty-new-start"}
    assert essay[start3.start : start3.end] == "START III"


def test_new_start_facts_are_confirmed(claims):
    new_start = [
        c for c in claims if any(f.id == "treaty-new-start" for f in c.facts) and c.text != "START III"
    ]
    verdicts = {c.claim: c.verdict for c in new_start}
    assert verdicts["New START allows 18 inspections per year"] == "supported"
    assert (
        verdicts["New START was extended by 5 years until 2026, from an expiry on 2021-02-05"] == "supported"
    )
    assert verdicts["New START inspections were paused"] == "supported"
    assert verdicts["New START inspections were halted in 2022-08 by RUS"] == "supported"
    halted = next(c for c in new_start if c.claim.endswith("by RUS"))
    assert halted.facts[0].date == "2022-08-08" and halted.facts[0].source_url.startswith("https://")


def test_lapsed_treaty_list_is_checked_one_by_one(claims):
    lapsed = {c.text: c for c in claims if c.claim.endswith("in effect (as of 2026-11-24)")}
    assert {"SALT", "SALT II", "INF Treaty", "START I", "START II"} <= set(lapsed)
    assert all(c.verdict == "supported" for c in lapsed.values())
    assert "never entered into force" in lapsed["SALT II"].note


@pytest.mark.parametrize(
    "text,verdict",
    [
        ("New START allows 20 on-site inspections per year.", "contradicted"),
        ("New START was signed in Prague on April 8, 2010.", "supported"),
        ("New START was signed in 2011.", "contradicted"),
        ("Russia withdrew from the INF Treaty in 2019.", "contradicted"),
        ("The United States withdrew from the INF Treaty in 2019.", "supported"),
        ("The INF Treaty is still in force.", "contradicted"),
    ],
)
def test_altered_claims_get_the_right_verdict(usa_rus, text, verdict):
    (claim,) = check_text(text, usa_rus, TODAY)
    assert claim.verdict == verdict, claim


def test_status_depends_on_the_as_of_date(usa_rus):
    (before,) = check_text("New START is no longer in effect.", usa_rus, dt.date(2023, 1, 12))
    (after,) = check_text("New START is no longer in effect.", usa_rus, TODAY)
    assert (before.verdict, after.verdict) == ("contradicted", "supported")


@pytest.mark.slow  # runs the CLI as a process
def test_check_cli_json_shape():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "detente",
            "check",
            str(ESSAY),
            "--dyad",
            "USA",
            "RUS",
            "--as-of",
            "2026-11-24",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["dyad"] == ["USA", "RUS"] and data["claims"]
    for c in data["claims"]:
        assert {"text", "start", "end", "verdict", "facts"} <= set(c)
        assert c["verdict"] in ("supported", "contradicted", "unknown")
    bad = subprocess.run(
        [sys.executable, "-m", "detente", "check", str(ESSAY), "--dyad", "USA", "Atlantis"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "Atlantis" in bad.stderr and "Traceback" not in bad.stderr


def test_cracks_cli_json():
    proc = subprocess.run(
        [sys.executable, "-m", "detente", "code", "--cracks", str(ESSAY), "--no-model", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (doc,) = json.loads(proc.stdout)
    assert set(doc["cracks"]) == set(CRACK_IDS)


@pytest.mark.parametrize("text,verdict,fact", [
    ("Russia launched a full-scale invasion of Ukraine on February 24, 2022.", "supported",
     "conflict-ukraine-war-2022"),
    ("The United States imposed sanctions on Russia in March 2014.", "supported",
     "sanction-crimea-ukraine-2014"),
    ("Obama expelled 35 Russian diplomats in December 2016.", "supported", "channel-expulsion-2016-12-29"),
    ("Trump and Putin met in Anchorage in August 2025.", "supported", "channel-summit-anchorage-2025"),
    ("Biden met Putin in Moscow in 2019.", "unknown", None),
])
def test_who_did_what_when_is_looked_up_in_the_dossier(usa_rus, text, verdict, fact):
    (claim,) = check_text(text, usa_rus, TODAY)
    assert claim.verdict == verdict
    if fact:
        assert claim.facts[0].id == fact
