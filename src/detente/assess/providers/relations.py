"""Diplomatic relations from a curated, cited table (`dossier/tables/diplomatic_relations.yaml`):
when two states established relations, kept them below the level of ambassadors, suspended or
restored them. Every row is a dossier `channel` fact with its own source, so `diplomacy` weighs it
with the channel weights of rules.toml, as it weighs a dossier's. A pair with a dossier keeps its
own record of relations: the table lists none, and its rows for a pair are not read once a dossier
for the pair exists (say in $DETENTE_DOSSIER). A pair it does not list says nothing: no row is not
"no relations"."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from detente.assess.providers.base import Pair
from detente.assess.providers.records import Derived, derived_tags
from detente.core.errors import DataError
from detente.dossier.load import check_file_parsed, find_folder
from detente.dossier.located import line_of
from detente.dossier.schema import Channel

NAME = "relations"
DATASET = "diplomatic_relations"
TABLE = Path(__file__).parents[2] / "dossier" / "tables" / "diplomatic_relations.yaml"


@lru_cache(maxsize=2)
def table(path: Path = TABLE) -> dict[frozenset[str], tuple[Channel, ...]]:
    """The table's facts by pair, tagged with this provider and their row; a bad row raises a
    DataError naming the file, line and field."""
    facts, problems, parsed = check_file_parsed(path)
    if problems:
        raise problems[0].to_error()
    node = parsed.node  # every row passed: row i of the file is facts[i]
    seen: set[str] = set()
    out: dict[frozenset[str], list[Channel]] = {}
    for i, f in enumerate(facts):
        if not isinstance(f, Channel) or f.channel != "diplomatic_relations" or len(set(f.parties)) != 2:
            field = "channel" if isinstance(f, Channel) and f.channel != "diplomatic_relations" else (
                "parties" if isinstance(f, Channel) else "kind")
            raise DataError(f"{f.id}: a row must be a diplomatic_relations channel between two states",
                            file=path, line=line_of(node, (i, field)), field=field)
        if f.id in seen:
            raise DataError(f"{f.id}: the id is already used by an earlier row", file=path,
                            line=line_of(node, (i, "id")), field="id")
        seen.add(f.id)
        tags = [*f.tags, *derived_tags(NAME, DATASET, f.id)]
        out.setdefault(frozenset(f.parties), []).append(f.model_copy(update={"tags": tags}))
    return {k: tuple(v) for k, v in out.items()}


def derive(pair: Pair, day: dt.date) -> Derived:
    out = Derived()
    rows = table().get(frozenset(pair.iso), ())
    if rows and find_folder(*pair.iso) is None:
        out.facts.extend(f for f in rows if f.valid_from <= day)
    return out
