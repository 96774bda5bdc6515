"""`detente models …`: fitted, backtested models (rivalry, escalation, dynamics)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from detente.cli._common import Format, err, format_option, handle_errors, out, parse_date
from detente.cli.dynamics import dynamics_command
from detente.cli.escalation import app as escalation_app

app = typer.Typer(help="Fitted, backtested models.", no_args_is_help=True)
rivalry_app = typer.Typer(help="Rivalry termination: P(a strategic rivalry ends within h years).",
                          no_args_is_help=True)
app.add_typer(rivalry_app, name="rivalry")
app.add_typer(escalation_app, name="escalation")
app.command("dynamics")(dynamics_command)


def _rivalry_table(result) -> Table:
    table = Table(title="P(the rivalry ends within 5 years): forecasts of the years after each cut")
    for col in ("cut", "model", "brier", "base brier", "brier/base", "log loss", "AUC", "n"):
        table.add_column(col, justify="left" if col in ("cut", "model") else "right",
                         no_wrap=True, min_width=16 if col == "model" else None)
    for r in result.table().itertuples():
        table.add_row(str(r.cut), r.model, f"{r.brier:.4f}", f"{r.brier_base:.4f}",
                      f"{r.brier_ratio:.3f}", f"{r.log_loss:.4f}", f"{r.auc:.3f}", str(r.n))
    return table


@rivalry_app.command("backtest")
@handle_errors
def rivalry_backtest(
    fmt: format_option(Format.text, Format.json) = Format.text,
    cut: Annotated[list[int] | None, typer.Option("--cut", help="Cut years (default 1945 1970 1990)")] = None,
    plot: Annotated[Path | None, typer.Option(
        "--plot", help="Calibration plot (HTML) to write; default rivalry-calibration.html")] = None,
    no_plot: Annotated[bool, typer.Option("--no-plot", help="Write no plot")] = False,
) -> None:
    """Fit at each cut on what was known then, forecast the later years, score against the base
    rate, a duration-only Weibull and a plain logit."""
    import json
    import sys

    from detente.assess.crack_years import covariates
    from detente.datasets import tss_rivalries
    from detente.models.backtest import CUTS, backtest
    from detente.models.fitted import ALL_DATASETS, data_end, rivalry_rows, save_backtest

    with err.status("backtesting the rivalry model (the cracks of every rivalry-year are computed "
                    "once, then cached)…"):
        cracks = covariates()
        rows = rivalry_rows(data_end(), cracks)
        result = backtest(rows, tss_rivalries(), tuple(cut or CUTS), list(ALL_DATASETS))
    for r in result.cuts:  # kept for the dashboard's outlook
        save_backtest(result.summary(r.cut), cracks)
    if not no_plot:
        from detente.report.calibration import write_calibration

        path = write_calibration(result, plot or Path("rivalry-calibration.html"))
        err.print(f"calibration plot: {path}")
    if fmt is Format.json:
        sys.stdout.write(json.dumps(result.to_json_dict(), indent=2) + "\n")
        return
    out.print(_rivalry_table(result))
    for r in result.cuts:
        hl = "none" if r.choice.half_life is None else f"{r.choice.half_life:g}"
        out.print(f"cut {r.cut}: chose {r.choice.features}, C = {r.choice.C:g}, half-life {hl} "
                  f"(inner Brier {r.choice.inner_brier}); annual hazard: Brier {r.annual['brier']:.4f} "
                  f"(base {r.annual['brier_base']:.4f}), log loss {r.annual['log_loss']:.4f}, "
                  f"AUC {r.annual['auc']:.3f}, n {r.annual['n']}")
        table = Table(title=f"calibration after {r.cut} (rivalry model, 5 years)")
        for col in ("forecast bin", "n", "mean forecast", "observed"):
            table.add_column(col, justify="right")
        for c in r.calibration.itertuples():
            table.add_row(c.bin, str(c.n), f"{c.forecast:.3f}", f"{c.observed:.3f}")
        out.print(table)
        if r.ablation is not None:
            table = Table(title=f"ablation after {r.cut} (C, half-life and first year as chosen)")
            for col in ("model", "AUC", "brier/base"):
                table.add_column(col, justify="left" if col == "model" else "right")
            for a in r.ablation.itertuples():
                table.add_row(a.model, f"{a.auc:.3f}", f"{a.brier_ratio:.3f}")
            out.print(table)
        for m, band in r.intervals.items():
            out.print(f"  {m}: AUC 5–95 % [{band['auc'][0]:.3f}, {band['auc'][1]:.3f}], Brier/base "
                      f"[{band['brier_ratio'][0]:.3f}, {band['brier_ratio'][1]:.3f}]")
    out.print(f"datasets: {', '.join(result.datasets)} (BibTeX: detente cite NAME…)")


@rivalry_app.command("episodes")
@handle_errors
def rivalry_episodes(
    fmt: format_option(Format.text, Format.json) = Format.text,
    path: Annotated[Path | None, typer.Option("--file", help="An episode list (default: shipped)")] = None,
) -> None:
    """Score the listed rivalry ends two years before each end (and the failed thaws in their
    year) against the rivalries that went on, each with a model fitted before its year."""
    import json
    import sys

    from detente.assess.crack_years import models
    from detente.models.episodes import EPISODES, load, score, tss_ends
    from detente.models.fitted import data_end

    with err.status("scoring the episodes (one fit per scoring year, cached)…"):
        fitted = models()
        result = score(load(path or EPISODES), fitted)
        reference = score(tss_ends(fitted.rows(data_end())), fitted)
    kinds = result.rows["kind"]
    summary = {"ends_above_median": result.share("end"), "ends_pairwise_auc": result.pairwise_auc("end"),
               "thaws_above_median": result.share("thaw"), "n_ends": int((kinds == "end").sum()),
               "n_thaws": int((kinds == "thaw").sum()),
               "all_tss_ends_above_median": reference.share("end"),
               "all_tss_ends_pairwise_auc": reference.pairwise_auc("end"),
               "n_all_tss_ends": len(reference.rows)}
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"summary": summary, "episodes": result.rows.to_dict(orient="records")},
                                    indent=2) + "\n")
        return
    table = Table(title="Episodes: P(ends within 5 years) against the rivalries that went on that year")
    for col in ("rivalry", "kind", "year", "P5", "median others", "outranks", "model cut"):
        table.add_column(col, justify="left" if col in ("rivalry", "kind") else "right")
    for r in result.rows.itertuples():
        table.add_row(r.rivalry, r.kind, str(r.year), f"{r.p5:.3f}", f"{r.median_others:.3f}",
                      f"{r.outranks:.2f}", str(r.model_cut))
    out.print(table)
    out.print(f"ends ranked above the median of continuing rivalries: {summary['ends_above_median']:.0%} "
              f"of {summary['n_ends']} (pairwise AUC {summary['ends_pairwise_auc']:.2f}); failed thaws "
              f"ranked above it (false alarms): {summary['thaws_above_median']:.0%} of {summary['n_thaws']}. "
              "Each scored with a model refitted on the years before its scoring year.")
    out.print(f"reference, every TSS rivalry end since 1950 scored the same way: "
              f"{summary['all_tss_ends_above_median']:.0%} of {summary['n_all_tss_ends']} above the median "
              f"(pairwise AUC {summary['all_tss_ends_pairwise_auc']:.2f}).")


@rivalry_app.command("summary")
@handle_errors
def rivalry_summary(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Fit as on this date (default: today)")] = None,
) -> None:
    """The model as fitted on a date: its choice and coefficients, in plain words."""
    import datetime as dt

    from detente.models.fitted import data_end, fitted_at

    day = parse_date("--as-of", as_of, dt.date.today())
    fitted = fitted_at(min(day.year - 1, data_end()), 0)
    out.print(fitted.describe())
    table = Table(title="coefficients (annual log-odds per standard deviation)")
    for col in ("feature", "coef", "a higher value means"):
        table.add_column(col)
    for name, row in fitted.model.summary_frame().iterrows():
        table.add_row(name, f"{row.coef_per_sd:+.3f}", row.higher_means)
    out.print(table)


@rivalry_app.command("check-news")
@handle_errors
def rivalry_check_news() -> None:
    """Test the outlook's dossier-news rule on the shipped dossier pairs."""
    import datetime as dt

    from detente.assess.news_check import check_news
    from detente.core.countries import resolve
    from detente.datasets import tss_rivalries
    from detente.dossier.load import list_dossiers, load_dossier
    from detente.models import fitted

    today = dt.date.today()
    pairs = []
    for folder in list_dossiers():
        a, b = (resolve(x) for x in folder.name.split("-", 1))
        pairs.append((a, b, load_dossier(a, b, today=today)))
    with err.status("checking the news rule…"):
        result = check_news(pairs, tss_rivalries(), fitted)
    out.print(result.summary())
