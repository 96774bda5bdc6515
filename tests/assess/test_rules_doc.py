"""docs/rules.md shows the rule tables of src/detente/assess/rules.toml, and they agree."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from detente.assess.rules import rules

rules_module = importlib.import_module("detente.assess.rules")

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("render_rules", ROOT / "scripts" / "render_rules.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_doc_shows_the_rules_file():
    script = _script()
    text = script.DOC.read_text(encoding="utf-8")
    assert script.rendered(text) == text, "run python scripts/render_rules.py"


def test_every_crack_has_its_rules_and_a_scale():
    from detente.core.evidence import CRACK_IDS

    table = rules()
    assert all(table[c]["scale"] > 0 for c in CRACK_IDS)


def test_a_changed_weight_changes_the_doc(monkeypatch):
    script = _script()
    text = script.DOC.read_text(encoding="utf-8")
    changed = {**rules(), "coercion": {**rules()["coercion"], "baseline": 0.123}}
    monkeypatch.setattr(rules_module, "rules", lambda: changed)
    assert "0.123" in script.rendered(text) and script.rendered(text) != text
