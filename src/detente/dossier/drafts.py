"""Draft facts: candidates a person reviews before they enter a dossier.

A draft file is a YAML list whose items look like facts (the schema's fields, pre-filled where the
draft could guess them) plus one `draft:` block: `status: unreviewed`, the sentence the candidate
came from, the coder's code and the fact check's verdict. The schema forbids that key, so a draft
file dropped into a dossier folder fails validation instead of loading as facts. To accept a
candidate, edit its fields (replace every `TODO`), delete its `draft:` block and paste it into the
dossier's file for its kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from detente.dossier.load import parse_fact
from detente.dossier.located import Problem, parse_yaml, validation_problems
from detente.dossier.schema import Fact

DRAFT_KEY = "draft"
UNREVIEWED = "unreviewed"
HEADER = """\
# Draft facts for {pair}: candidates for a person to review, NOT dossier facts.
# Written by `detente dossier draft` on {today} from: {files}.
# Each item carries a `draft:` block (status: unreviewed), which the dossier schema refuses, so
# this file never loads as facts. To accept a candidate: check it against its source, fill in
# every TODO, write the summary in your own words, delete the `draft:` block, and paste the item
# into the dossier file for its kind. `detente dossier diff {a} {b} FILE` shows what the
# candidates would change in the six cracks.
"""


@dataclass(frozen=True)
class Candidate:
    """One draft item: its id, the fact it validates to (None when it does not) and why not."""

    id: str
    data: dict[str, Any]
    fact: Fact | None
    problems: tuple[Problem, ...] = ()

    @property
    def draft(self) -> dict[str, Any]:
        block = self.data.get(DRAFT_KEY)
        return block if isinstance(block, dict) else {}


def to_yaml(items: list[dict[str, Any]], *, a: str, b: str, files: list[str],
            today: dt.date) -> str:
    """The draft file's text: the header comment, then the items as a YAML list."""
    head = HEADER.format(pair=f"{a}–{b}", today=today.isoformat(), a=a, b=b,
                         files=", ".join(files) or "(no files)")
    if not items:
        return head + "[]\n"
    body = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)
    return head + body


def read_draft(path: Path) -> list[Candidate]:
    """The candidates of a draft file, each validated through the schema without its `draft:`
    block. A file that is not YAML, or not a list of mappings, raises DataError (file and line)."""
    parsed = parse_yaml(path)
    if parsed.problems:
        raise parsed.problems[0].to_error()
    if parsed.data is None:
        return []
    if not isinstance(parsed.data, list):
        raise Problem(str(path), 1, None, "a draft file must be a YAML list of candidate facts").to_error()
    out = []
    for i, item in enumerate(parsed.data):
        if not isinstance(item, dict):
            out.append(Candidate(f"#{i + 1}", {}, None, (Problem(
                str(path), _line(parsed.node, i), None, "a candidate must be a mapping"),)))
            continue
        fact_data = {k: v for k, v in item.items() if k != DRAFT_KEY}
        cid = str(item.get("id") or f"#{i + 1}")
        try:
            out.append(Candidate(cid, item, parse_fact(fact_data)))
        except ValidationError as exc:
            out.append(Candidate(cid, item, None,
                                 tuple(validation_problems(path, parsed.node, exc, (i,)))))
    return out


def _line(node: yaml.Node | None, index: int) -> int | None:
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return node.value[index].start_mark.line + 1
    return None
