"""What-if scenarios: YAML overlays on a dossier that end, change or add facts on the as-of day.

A scenario file:
```yaml
name: ceasefire
description: The fighting stops.
steps:
  - end: {kind: conflict, form: [war, proxy_war, armed_clash]}   # end active matching facts
    set: {ended_by: ceasefire}                                   # optional changes on them
  - change: {id: some-fact}                                      # change matching facts
    set: {status: open}
  - add:                                                         # new facts; {a}/{b} = the pair
      - {id: talks, kind: channel, channel: talks, status: held, parties: ["{a}", "{b}"],
         summary: Direct talks resume.}
```
Selectors match on `id` or any field; a list means any of. Only facts that touch either state
of the pair are ended or changed. Added facts get `valid_from` = the as-of day and a source
that names the scenario file; `{as_of}` in a string is the as-of day. Shipped scenarios live
in `detente/scenarios/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from detente.assess.scenarios.base import Applied
from detente.core.errors import DataError, UsageError
from detente.core.source import Source
from detente.dossier.load import Dossier, parse_fact
from detente.dossier.located import line_of, parse_yaml, validation_problems
from detente.dossier.schema import Fact

_STEP_KEYS = {"end", "change", "add", "set"}


@dataclass
class YamlScenario:
    """A scenario read from a YAML file: steps that end, change or add facts."""

    name: str
    description: str
    steps: list[dict[str, Any]]
    path: Path
    node: yaml.Node | None = field(default=None, repr=False)

    def check_pair(self, a: str, b: str) -> None:
        """Any pair will do: selectors only touch facts of the pair."""

    def apply(self, d: Dossier) -> Applied:
        """The dossier with this scenario applied on its as-of day."""
        if d.as_of_date is None:
            raise ValueError("apply a scenario to a dossier cut with .as_of(day)")
        day = d.as_of_date
        facts = list(d.facts)
        for i, step in enumerate(self.steps):
            if "end" in step:
                facts = [self._end(f, step, day) if self._hits(f, step["end"], d) else f
                         for f in facts]
            if "change" in step:
                facts = [self._change(f, step.get("set", {}), i) if self._hits(
                    f, step["change"], d) else f for f in facts]
            if "add" in step:
                facts += self._added(step["add"], d, day, i)
        return Applied(Dossier(d.a, d.b, facts, d.info, d.folder, day))

    def _hits(self, fact: Fact, selector: dict[str, Any], d: Dossier) -> bool:
        if not _touches(fact, {d.a, d.b}) or not fact.active_on(d.as_of_date):
            return False
        for key, want in selector.items():
            have = getattr(fact, key, None)
            wants = want if isinstance(want, list) else [want]
            haves = have if isinstance(have, list) else [have]
            if not any(w == h for w in wants for h in haves):  # by equality: values need no hash
                return False
        return True

    def _end(self, fact: Fact, step: dict, day: dt.date) -> Fact:
        return self._change(fact.model_copy(update={"valid_to": day}), step.get("set", {}),
                            None)

    def _change(self, fact: Fact, updates: dict[str, Any], step: int | None) -> Fact:
        data = fact.model_dump() | updates
        try:
            return type(fact).model_validate(data)
        except ValidationError as exc:
            loc = ("steps", step, "set") if step is not None else ("steps",)
            raise validation_problems(self.path, self.node, exc, loc)[0].to_error() from None

    def _added(self, items: list[dict], d: Dossier, day: dt.date, step: int) -> list[Fact]:
        source = Source(title=f"Scenario '{self.name}': {self.description}",
                        publisher="detente scenario (hypothetical)", date=day,
                        date_kind="accessed", url=self.path.resolve().as_uri())
        out = []
        for j, item in enumerate(items):
            data = _fill(item, d.a, d.b, day)
            data.setdefault("valid_from", day)
            data.setdefault("source", source.model_dump())
            data["id"] = f"scenario-{self.name}-{data.get('id', j)}"
            try:
                out.append(parse_fact(data))
            except ValidationError as exc:
                raise validation_problems(self.path, self.node, exc,
                                         ("steps", step, "add", j))[0].to_error() from None
        return out


def _codes(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if len(value) == 3 and value.isupper() else set()
    if isinstance(value, list):
        return set().union(*(_codes(v) for v in value)) if value else set()
    return set()


def _touches(fact: Fact, pair: set[str]) -> bool:
    """True when one of the fact's state codes is in the pair (or it names no state at all)."""
    dumped = fact.model_dump(exclude={"source", "summary", "milestones", "id", "tags"})
    found = set().union(*(_codes(v) for v in dumped.values()))
    return not found or bool(found & pair)


def _fill(value: Any, a: str, b: str, day: dt.date) -> Any:
    """Replace {a}, {b} and {as_of} in every string."""
    if isinstance(value, str):
        return value.replace("{a}", a).replace("{b}", b).replace("{as_of}", day.isoformat())
    if isinstance(value, list):
        return [_fill(v, a, b, day) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, a, b, day) for k, v in value.items()}
    return value


def load_scenario(path: Path) -> YamlScenario:
    """Read and check a scenario file; errors name the file, line and field."""
    if not path.is_file():
        raise UsageError(f"scenario file {path} does not exist")
    parsed = parse_yaml(path)
    if parsed.problems:
        raise parsed.problems[0].to_error()
    data, node = parsed.data, parsed.node
    if not isinstance(data, dict):
        raise DataError("a scenario must be a mapping with name, description and steps",
                        file=path, line=line_of(node, ()))
    for key in ("name", "description", "steps"):
        if key not in data:
            raise DataError(f"missing required field {key!r}", file=path,
                            line=line_of(node, ()), field=key)
    if not isinstance(data["steps"], list) or not data["steps"]:
        raise DataError("steps must be a non-empty list", file=path,
                        line=line_of(node, ("steps",)), field="steps")
    for i, step in enumerate(data["steps"]):
        bad = set(step) - _STEP_KEYS if isinstance(step, dict) else {"?"}
        if bad or not (set(step) & {"end", "change", "add"}):
            raise DataError(f"a step has one of end/change/add (unknown: {sorted(bad)})",
                            file=path, line=line_of(node, ("steps", i)), field=f"steps.{i}")
        if "add" in step and not isinstance(step["add"], list):
            raise DataError("add takes a list of facts", file=path,
                            line=line_of(node, ("steps", i, "add")), field=f"steps.{i}.add")
        for j, item in enumerate(step.get("add", [])):
            if not isinstance(item, dict):
                raise DataError("each fact to add is a mapping (id, kind, …)", file=path,
                                line=line_of(node, ("steps", i, "add", j)), field=f"steps.{i}.add")
        for key in ("end", "change", "set"):
            if key in step and not (isinstance(step[key], dict)
                                    and all(isinstance(k, str) for k in step[key])):
                what = "the changes, a mapping of field names" if key == "set" else "a selector mapping"
                raise DataError(f"{key} takes {what}", file=path,
                                line=line_of(node, ("steps", i, key)), field=f"steps.{i}.{key}")
    return YamlScenario(str(data["name"]), str(data["description"]), data["steps"], path, node)

