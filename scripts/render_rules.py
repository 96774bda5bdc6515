"""Write the rule tables of src/detente/assess/rules.toml into docs/rules.md (between the
`<!-- rules:begin -->` and `<!-- rules:end -->` markers).

    python scripts/render_rules.py          # rewrite docs/rules.md
    python scripts/render_rules.py --check  # exit 1 when docs/rules.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from detente.assess.rules import render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
BEGIN, END = "<!-- rules:begin -->", "<!-- rules:end -->"


def rendered(text: str) -> str:
    """`text` with the generated tables between the markers."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{render_markdown()}{END}{tail}"


if __name__ == "__main__":
    current = DOC.read_text(encoding="utf-8")
    fresh = rendered(current)
    if "--check" in sys.argv[1:]:
        sys.exit(0 if fresh == current else f"{DOC} is out of date: run python scripts/render_rules.py")
    DOC.write_text(fresh, encoding="utf-8")
