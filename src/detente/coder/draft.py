"""Draft dossier facts from articles: the coder finds who did what to whom, the fact check says
whether the dossier already holds it, and each event between the pair becomes a candidate fact
(kind guessed from its CAMEO code) for a person to review. Nothing is written into a dossier:
`detente.dossier.drafts` turns the candidates into a draft file.

An article may open with a header block of `Key: value` lines (Title, URL, Publisher, Date, Kind)
followed by a blank line; without one, the first line is taken as the title and the file itself
as the source.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.coder.check import Claim, check_text
from detente.coder.codebook import QUAD_NAMES, codebook
from detente.coder.dates import find_dates
from detente.coder.event import CodedEvent
from detente.coder.inputs import Document
from detente.core.errors import DataError
from detente.dossier.drafts import DRAFT_KEY, UNREVIEWED
from detente.dossier.load import Dossier

TODO = "TODO"
_HEADER_LINE = re.compile(
    r"^(?P<key>title|url|link|publisher|source|date|published|kind)\s*:\s*(?P<value>\S.*)$", re.I)
_URL = re.compile(r"https?://\S+")
_HEADER_LINES = 12


@dataclass
class Header:
    """What an article says about itself: title, URL, publisher, date and source kind."""

    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    body_start: int = 0
    notes: list[str] = field(default_factory=list)


def read_header(doc: Document) -> Header:
    """The header block of `doc` (see the module's docstring). A header date that cannot be read is
    a DataError naming the file and line."""
    lines = doc.text.splitlines(keepends=True)
    head = Header()
    offset = 0
    for number, line in enumerate(lines[:_HEADER_LINES], start=1):
        stripped = line.strip()
        if not stripped:
            if head.title or head.url or head.date:
                offset += len(line)
                head.body_start = offset
                break
            offset += len(line)
            continue
        m = _HEADER_LINE.match(stripped)
        if m is None:
            break
        key, value = m["key"].lower(), m["value"].strip()
        if key in ("title",):
            head.title = value
        elif key in ("url", "link"):
            head.url = value
        elif key in ("publisher", "source"):
            head.publisher = value
        elif key == "kind":
            head.kind = value.lower()
        else:
            head.date = _header_date(value, doc.path, number)
        offset += len(line)
        head.body_start = offset
    if head.title is None:
        first = next((ln.strip() for ln in doc.text.splitlines() if ln.strip()), "")
        head.title = first[:200] or None
    if head.url is None:
        found = _URL.search(doc.text[:2000])
        head.url = found.group(0).rstrip(").,;") if found else None
    return head


def _header_date(value: str, path: Path, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        found = [d for d in find_dates(value) if d.precision == "day"]
        if found:
            return found[0].date
    raise DataError(f"cannot read the date {value!r}; write it as YYYY-MM-DD", file=path, line=line)


def dateline(doc: Document, head: Header) -> dt.date | None:
    """A day-precise date in the opening lines of the body (a dateline), if there is one."""
    opening = doc.text[head.body_start:head.body_start + 300].split("\n\n")[0]
    found = [d for d in find_dates(opening) if d.precision == "day"]
    return found[0].date if found else None


# CAMEO root → the fact kind a candidate most likely is; single codes override their root.
_KIND_BY_ROOT = {
    "01": "position", "02": "position", "03": "position", "04": "channel", "05": "channel",
    "06": "cooperation", "07": "cooperation", "08": "position", "09": "cooperation",
    "10": "position", "11": "position", "12": "position", "13": "position", "14": "position",
    "15": "conflict", "16": "channel", "17": "conflict", "18": "conflict", "19": "conflict",
    "20": "conflict",
}
_KIND_BY_CODE = {
    "057": "treaty", "072": "arms_supply", "081": "sanction", "085": "sanction",
    "162": "sanction", "163": "sanction", "172": "sanction", "036": "channel",
}
_POSITION_LIST = {"10": "demands", "11": "rejects", "12": "rejects", "13": "rejects", "14": "rejects"}
_CHANNEL = {  # code or root → (channel, status)
    "036": ("talks", "held"), "04": ("talks", "held"), "05": ("diplomatic_relations", "open"),
    "161": ("diplomatic_relations", "reduced"), "164": ("talks", "suspended"),
    "166": ("expulsion", "reduced"), "16": ("diplomatic_relations", "reduced"),
}


def guess_kind(cameo: str) -> str:
    """The dossier fact kind an event of this CAMEO code most likely records."""
    return _KIND_BY_CODE.get(cameo[:3]) or _KIND_BY_ROOT.get(cameo[:2], "position")


def _fields(kind: str, e: CodedEvent, day: dt.date | None) -> dict[str, Any]:
    """The kind's own fields, pre-filled from the event (TODO where the event cannot say)."""
    src, tgt, code, root = e.source.iso3, e.target.iso3, e.cameo[:3], e.cameo[:2]
    if kind == "conflict":
        form = {"15": "crisis", "17": "incident", "18": "incident"}.get(root, "armed_clash")
        return {"name": TODO, "form": form, "side_a": [src], "side_b": [tgt]}
    if kind == "treaty":
        return {"name": TODO, "category": "other", "parties": [src, tgt],
                "milestones": [{"date": day, "event": "signed", "by": [src, tgt]}]}
    if kind == "sanction":
        return {"imposer": [src], "target": [tgt], "scope": [TODO],
                "direction": "ease" if root == "08" else "impose"}
    if kind == "arms_supply":
        return {"supplier": src, "recipient": tgt, "items": TODO}
    if kind == "channel":
        channel, status = _CHANNEL.get(code) or _CHANNEL.get(root, ("talks", "held"))
        return {"channel": channel, "status": status, "parties": [src, tgt]}
    if kind == "cooperation":
        return {"area": "other", "status": "active"}
    listed = _POSITION_LIST.get(root, "accepts")
    return {"holder": src, listed: [{"issue": "todo_issue", "text": f"{TODO}: what {src} {listed}"}]}


@dataclass(frozen=True)
class Verdict:
    """What the fact check says of a candidate: supports / contradicts a fact, or new."""

    verdict: str
    fact_id: str | None = None
    claim: str | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


def verdict_for(e: CodedEvent, claims: list[Claim]) -> Verdict:
    """The fact check's word on the event's sentence: the first supporting or contradicting claim
    that overlaps it, else new."""
    touching = [c for c in claims if c.start < e.end and e.start < c.end
                and ("CAMEO" not in c.claim or f"CAMEO {e.cameo} " in c.claim)]
    for wanted, word in (("contradicted", "contradicts"), ("supported", "supports")):
        hit = next((c for c in touching if c.verdict == wanted and c.facts), None)
        if hit is not None:
            return Verdict(word, hit.facts[0].id, hit.claim, hit.note or None)
    return Verdict("new", note="the dossier holds no fact on this sentence")


def _day(iso: str | None) -> tuple[dt.date | None, str | None]:
    """A coder date ('2022', '2022-08', '2022-08-08') as a day and the schema's precision."""
    if not iso:
        return None, None
    parts = [int(p) for p in iso.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1), precision


def candidates(doc: Document, events: list[CodedEvent], dossier: Dossier, a: str, b: str, *,
               date: dt.date | None = None, today: dt.date, start: int = 1) -> list[dict[str, Any]]:
    """One candidate fact (a draft item) per event between the pair's states in `doc`. `date`, the
    document's date when its header and dateline give none. Ids count up from `start`."""
    head = read_header(doc)
    doc_day = head.date or dateline(doc, head) or date
    check_day = min(doc_day or today, today)
    claims = check_text(doc.text, dossier, check_day) if dossier.facts else []
    names = codebook()
    out: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for e in events:
        pair = {e.source.iso3, e.target.iso3}
        if e.negated or not pair & {a, b}:
            continue
        key = (e.start, frozenset(pair), e.cameo)
        if key in seen:  # a joint act coded both ways is one candidate
            continue
        seen.add(key)
        day, precision = _day(e.date)
        if day is not None:
            date_from = "sentence"
        elif doc_day is not None:
            day, precision, date_from = doc_day, "day", "document"
        else:
            precision, date_from = None, "unknown: neither the sentence nor the document gives a date"
        kind = guess_kind(e.cameo)
        code = names.get(e.cameo)
        action = code.name if code else f"CAMEO {e.cameo}"
        item: dict[str, Any] = {
            "id": f"draft-{a}-{b}-{start + len(out):03d}".lower(),
            "kind": kind,
            **_fields(kind, e, day),
            "summary": f"{TODO}: paraphrase — {e.source.name} → {e.target.name}: {action.lower()}.",
            "valid_from": day,
        }
        if precision and precision != "day":
            item["precision"] = precision
        item["source"] = {
            "title": head.title or TODO,
            "publisher": head.publisher or TODO,
            "date": doc_day,
            "url": head.url or doc.path.resolve().as_uri(),
            **({"kind": head.kind} if head.kind else {}),
        }
        item[DRAFT_KEY] = {
            "status": UNREVIEWED,
            "file": str(doc.path),
            "sentence": e.sentence,
            "date_from": date_from,
            "parties": sorted(pair),
            "coder": {"cameo": e.cameo, "action": action, "quad_class": e.quad_class,
                      "quad": QUAD_NAMES[e.quad_class], "goldstein": e.goldstein,
                      "trigger": e.trigger, "confidence": round(e.confidence, 3),
                      **({"modality": e.modality} if e.modality else {})},
            "check": verdict_for(e, claims).as_dict(),
        }
        if doc_day is None:
            item[DRAFT_KEY]["source_date"] = "unknown: give --date or a Date: header line"
        out.append(item)
    return out
