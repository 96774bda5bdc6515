"""Strategies for YAML the project reads: real files damaged as text, random YAML documents with
anchors and aliases, scenario documents of any shape, and the three hostile files of issue 16."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import strategies as st

import detente
from factories import alias_bomb

PACKAGE = Path(detente.__file__).parent
FACTS = PACKAGE / "dossier" / "facts" / "USA-RUS"
SCENARIOS = PACKAGE / "scenarios"
FACT_KEYS = ["id", "kind", "summary", "valid_from", "valid_to", "source", "parties", "status",
             "channel", "name", "category", "milestones", "form", "ended_by", "tags", "area"]
STEP_KEYS = ["end", "change", "add", "set", "id", "kind", "form", "x"]


def deep_nesting(levels: int = 5000) -> str:
    """Issue 16's 10 KB scenario nested 5,000 levels deep."""
    return ("name: deep\ndescription: nested\nsteps: [{change: {id: x}, set: {changes: "
            + "[" * levels + "]" * levels + "}}]\n")


def deep_block_nesting(levels: int = 3000) -> str:
    """Deep nesting in block style (indentation), not brackets."""
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + "  " * levels + "v\n"


HOSTILE = {"alias-bomb": alias_bomb().encode(), "deep-flow": deep_nesting().encode(),
           "deep-block": deep_block_nesting().encode(),
           "random-64k": bytes((i * 7919 + 13) % 256 for i in range(64 * 1024))}

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
    st.dates().map(str), st.text(max_size=15),
    st.sampled_from(["USA", "RUS", "{a}", "{b}", "{as_of}", "1900-02-30", "9999-12-31", "treaty",
                     "channel", "conflict", "war", "open", "held", "https://example.org/x",
                     "not a url", ""]))


def _documents(keys: list[str]) -> st.SearchStrategy:
    return st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(keys) | st.text(max_size=5), inner, max_size=6),
        max_leaves=25)


FACT_DOCUMENTS = st.lists(_documents(FACT_KEYS), max_size=4) | _documents(FACT_KEYS)
STEP = st.dictionaries(st.sampled_from(STEP_KEYS), _documents(FACT_KEYS), min_size=1, max_size=3)
SCENARIO_DOCUMENTS = st.one_of(
    st.fixed_dictionaries({"name": SCALARS, "description": SCALARS,
                           "steps": st.lists(STEP, min_size=1, max_size=3)}),
    _documents(["name", "description", "steps", *STEP_KEYS]))


def dump(document: object) -> bytes:
    """A document as YAML text (any Python value PyYAML's safe dumper can write)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def with_aliases(draw, document: bytes) -> bytes:
    """The text with an anchor on its first mapping value and aliases to it further on."""
    lines = document.decode("utf-8").splitlines()
    for i, line in enumerate(lines):
        if ": " in line and not line.rstrip().endswith(":"):
            key, _, value = line.partition(": ")
            lines[i] = f"{key}: &x {value}"
            copies = draw(st.integers(1, 30))
            lines.append("extra: [" + ", ".join(["*x"] * copies) + "]")
            break
    return ("\n".join(lines) + "\n").encode("utf-8")


@st.composite
def damaged_text(draw, original: bytes) -> bytes:
    """A real file's text with a few random edits: cut, spliced bytes, YAML punctuation,
    indentation changes, lines swapped or duplicated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        kind = draw(st.sampled_from(["cut", "bytes", "punct", "indent", "dup", "delete"]))
        if kind == "cut":
            del data[at:]
        elif kind == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "punct":
            data[at:at] = draw(st.sampled_from([b"&a ", b"*a", b"*b ", b"!!python/object:os.system ",
                                                b"? ", b": ", b"- ", b"[", b"{", b"]", b"}", b"'",
                                                b'"', b"|", b">", b"%YAML 1.1\n", b"---\n", b"...",
                                                b"\t", b"<<: *a\n", b"!!binary ", b"\x00", b"#"]))
        elif kind == "indent":
            data[at:at] = b"\n" + b" " * draw(st.integers(0, 12))
        elif kind == "dup" and data:
            end = draw(st.integers(at, min(len(data), at + 200)))
            data[at:at] = data[at:end]
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
    return bytes(data)
