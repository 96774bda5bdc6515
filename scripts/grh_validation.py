"""Rewrite src/detente/models/grh_validation.csv: the GRH arms-race validation periods with the
two scores the assessment reads, keyed on the datasets' pinned sha256 (run after a dataset pin
changes; the assessment otherwise scores the periods itself, once, into the dataset cache).

    DETENTE_MIRROR=/work/shared/data PYTHONPATH=src python3 scripts/grh_validation.py
"""

from __future__ import annotations

from pathlib import Path

from detente.models.escalation_validate import VALIDATION_FILE, packaged_text, scored_periods

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "src" / "detente" / "models" / VALIDATION_FILE
    target.write_text(packaged_text(scored_periods()))
    print(f"wrote {target}")
