"""The lines that say how far the dashboard's model figures can be trusted: each dynamics
verdict's validation, and the outlook model's out-of-time backtest (read from the cache the
backtest command fills; nothing is computed here)."""

from __future__ import annotations

from detente.core.finding import DynamicsFinding

BACKTEST_CUT = 1990
BACKTEST_COMMAND = f"detente models rivalry backtest --cut {BACKTEST_CUT}"


def validation_line(f: DynamicsFinding) -> str | None:
    """`reaction: … vs GRH arms races: AUC 0.50 [0.41–0.57], n=…: descriptive only` for a finding
    with a verdict (descriptive only when the interval reaches 0.5); None without a verdict."""
    if f.verdict is None:
        return None
    v = f.validation
    if v is None or v.auc is None or v.low is None or v.high is None:
        return f"not validated: {f.validation_note or 'no validation cases'}"
    meaning = "separates its cases" if v.low > 0.5 else "descriptive only"
    return f"{v.score} vs {v.cases}: AUC {v.auc:.2f} [{v.low:.2f}–{v.high:.2f}], n={v.n}: {meaning}"


def _band(values: list[float] | None) -> str:
    return f" [{values[0]:.2f}–{values[1]:.2f}]" if values else ""


def backtest_line(summary: dict | None) -> str:
    """The outlook model's backtest at the 1990 cut (`models.fitted.saved_backtest`), or the
    command that computes it."""
    if summary is None:
        return (f"Out-of-time check: not yet run with these datasets; `{BACKTEST_COMMAND}` scores "
                "this model on the years after 1990.")
    base = summary["duration_type"]
    return (f"Out-of-time check at the {summary['cut']} cut (5-year outcome, {summary['n']} later "
            f"rivalry-years): AUC {summary['auc']:.3f}{_band(summary['auc_interval'])}, Brier "
            f"{summary['brier_ratio']:.3f} × base{_band(summary['brier_ratio_interval'])}; "
            f"duration+type alone: AUC {base['auc']:.3f}, Brier {base['brier_ratio']:.3f} × base "
            f"(`{BACKTEST_COMMAND}`).")


def outlook_backtest_line() -> str:
    """The line for the outlook the dashboard shows (the crack-covariate models' backtest)."""
    from detente.assess.crack_years import covariates
    from detente.core.errors import DetenteError
    from detente.models.fitted import saved_backtest

    try:
        return backtest_line(saved_backtest(BACKTEST_CUT, covariates()))
    except DetenteError:  # a dataset missing: the outlook says which
        return backtest_line(None)
