"""Rivalry termination: a discrete-time hazard model on rivalry-years, scikit-learn style.

P(the rivalry ends in year t | it runs into t) = logistic(β · x), x = duration terms (age, log
age), the rivalry's type (TSS elements, principal, asymmetric, interventionary only) and the
context known when t began (disputes, peace years, power shift, a common rival's fights with
either side, leader turnover, UN ideal-point convergence, rivalries of either side that just
ended …), the cracks on 31 December and the thaw signals (`THAW`; held ≥ 0 like the cracks),
standardised; missing values take the training median. Ridge-penalised (`C`); older
training years can be down-weighted (`half_life`). P(end within h years) multiplies the
annual survival over h years with the covariates held and the age advancing.

`fit_at(rows, cut)` chooses C, half-life and the feature set (some with log age alone, one
without the type) on the years before the cut only
(rolling origins: fit on ≤ cut − g, score the next five years' 5-year outcomes, all known by
the cut, for g = 25, 20, 15, 10), then refits on ≤ cut.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.core.errors import DataError


def expit(x: np.ndarray) -> np.ndarray:
    """The logistic function, in its overflow-free tanh form (spares the start-up cost of
    importing scipy.special in every `detente assess`)."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))

# feature → (plain words when it is above the training average, … when below)
FEATURES: dict[str, tuple[str, str]] = {
    "log_age": ("an older rivalry", "a younger rivalry"),
    "age": ("an older rivalry (linear term)", "a younger rivalry (linear term)"),
    "positional": ("a rivalry over status and influence (positional)", "not a positional rivalry"),
    "spatial": ("a rivalry over territory (spatial)", "no territorial element"),
    "ideological": ("an ideological rivalry", "no ideological element"),
    "interventionary": ("meddling in each other's affairs (interventionary)",
                        "no interventionary element"),
    "interventionary_only": ("a rivalry that is only interventionary", "more than interventionary"),
    "principal": ("each side's principal rivalry", "not a principal rivalry"),
    "aprin": ("an asymmetric principal rivalry", "not an asymmetric principal rivalry"),
    "mid_onsets_10y": ("more militarised disputes begun in the last ten years",
                       "fewer militarised disputes begun in the last ten years"),
    "log_peace_years": ("more years since the last militarised dispute",
                        "a recent militarised dispute"),
    "power_shift": ("a large shift in relative capabilities over ten years",
                    "a steady balance of capabilities"),
    "log_cap_ratio": ("a lopsided balance of capabilities", "a close balance of capabilities"),
    "common_rival": ("a rival both sides share", "no shared rival"),
    "common_rival_disputes": ("fighting between either side and a shared rival (last 5 years)",
                              "little fighting with a shared rival"),
    "leader_changes_3y": ("new leaders on either side (last 3 years)", "the same leaders as before"),
    "irregular_changes_5y": ("irregular changes of leader (last 5 years)", "no irregular change of leader"),
    "ideal_point_convergence": ("UN voting positions converging over five years",
                                "UN voting positions drifting apart over five years"),
    "ends_5y": ("other rivalries of either side ended in the last five years",
                "no other rivalry of either side ended lately"),
    "other_rivalries": ("many other rivalries running on either side", "few other rivalries running"),
    "alliance": ("an alliance pledge between them", "no alliance pledge"),
    "log_shared_igos": ("many shared international organisations", "few shared international organisations"),
    # the cracks on 31 December, from the datasets alone (detente.assess.crack_years)
    "crack_armed_conflict": ("no fighting between them lately (armed-conflict crack open)",
                             "fighting between them (armed-conflict crack closed)"),
    "crack_coercion": ("little coercion between them (coercion crack open)",
                       "sanctions, threats or arms to the other's foes (coercion crack closed)"),
    "crack_societal_ties": ("people and goods crossing the line (societal-ties crack open)",
                            "little trade or shared membership (societal-ties crack closed)"),
    "crack_diplomacy": ("channels open: alliance, UN votes alike (diplomacy crack open)",
                        "channels shut: UN votes apart, no alliance (diplomacy crack closed)"),
    "crack_mean": ("the cracks open on average", "the cracks closed on average"),
    "crack_mean_change3": ("the cracks opening over three years (a thaw)",
                           "the cracks closing over three years"),
    "log_conflict_items": ("many conflict records between them on file", "few conflict records between them"),
    "dem_min": ("both sides democratic (V-Dem)", "an autocracy on at least one side (V-Dem)"),
    "dem_change5": ("a change of regime on either side (V-Dem, five years)", "stable regimes on both sides"),
    "trade_growth5": ("trade between them growing over five years", "trade between them shrinking"),
    "log_trade": ("much trade between them", "little trade between them"),
    "decisive_war_10y": ("a war between them won outright in the last ten years",
                         "no decisive war between them lately"),
}
OPTIONAL = ("crack_armed_conflict", "crack_coercion", "crack_societal_ties", "crack_diplomacy",
            "crack_mean", "crack_mean_change3", "dem_min", "dem_change5", "trade_growth5", "log_trade",
            "decisive_war_10y")
DURATION = ("log_age", "age")
TYPE = ("positional", "spatial", "ideological", "interventionary", "interventionary_only",
        "principal", "aprin")
CONTEXT = ("mid_onsets_10y", "log_peace_years", "power_shift", "common_rival_disputes",
           "leader_changes_3y", "ideal_point_convergence", "ends_5y", "other_rivalries")
CRACKS = ("crack_armed_conflict", "crack_coercion", "crack_societal_ties", "crack_diplomacy",
          "crack_mean_change3")
EXTRAS = ("dem_min", "dem_change5", "trade_growth5", "log_trade", "decisive_war_10y")
# the literature's predictors one block at a time (trade interdependence; shifts in power; regime
# and regime change), so the choice can take the blocks that earn their place without the rest
TRADE = ("log_trade",)
POWER = ("power_shift",)
REGIME = ("dem_min", "dem_change5")
# what moved before the famous ends (Rasler, Thompson & Ganguly 2013, How Rivalries End: shocks and
# new leaders change expectations; Bennett 1998: regime change, years without a dispute): new
# leaders, a change of regime, peace years, UN votes converging, trade growing (the cracks opening
# over three years, crack_mean_change3, is in CRACKS)
THAW = ("leader_changes_3y", "dem_change5", "log_peace_years", "ideal_point_convergence", "trade_growth5")
LOG_DURATION = ("log_age",)  # the hazard falls with age, without the linear term's steeper fall
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "duration+type": DURATION + TYPE,
    "duration+type+context": DURATION + TYPE + CONTEXT,
    "duration+type+cracks": DURATION + TYPE + CRACKS,
    "duration+type+extras": DURATION + TYPE + EXTRAS,
    "duration+type+cracks+extras": DURATION + TYPE + CRACKS + EXTRAS,
    "duration+type+context+cracks+extras": DURATION + TYPE + CONTEXT + CRACKS + EXTRAS,
    "duration+type+cracks+trade": DURATION + TYPE + CRACKS + TRADE,
    "duration+type+cracks+trade+power": DURATION + TYPE + CRACKS + TRADE + POWER,
    "duration+type+cracks+trade+power+regime": DURATION + TYPE + CRACKS + TRADE + POWER + REGIME,
    "duration+type+cracks+thaw": DURATION + TYPE + CRACKS + THAW,
    "log-duration+type+cracks+thaw": LOG_DURATION + TYPE + CRACKS + THAW,
    "log-duration+type+cracks+trade+power+regime": LOG_DURATION + TYPE + CRACKS + TRADE + POWER + REGIME,
    "duration+type+cracks+thaw+trade+power": DURATION + TYPE + CRACKS + THAW + TRADE + POWER,
}
# Not a candidate: log-duration+cracks+thaw (no rivalry type). On the inner Brier it wins the 1969
# choice with a heavy penalty and is then a base-rate model out of time (1970 cut: AUC 0.48,
# Brier 0.999 × base, behind the plain logit), though it ranks the episode list's ends higher.
# the sets the outlook chooses among: each keeps the cracks, so its drivers can name them
CRACK_SETS = tuple(name for name, f in FEATURE_SETS.items() if set(CRACKS) <= set(f))
# A crack's score is higher when relations are more open: an open crack may make an end likelier
# or do nothing, never less likely. Fitted freely, the cracks' coefficients come out negative
# before 1990 (hot rivalries ended by conquest, collapse or settlement right after their most
# coercive years; the crack columns are unknown before 1946, median-filled, which shrinks their
# spread) and the dossier's good news then lowered the outlook. Held ≥ 0 the model's inner Brier
# is lower at every choice year (docs/rules.md, Outlook). The thaw signals likewise: a new leader, a
# change of regime, peace years, converging UN votes or growing trade never make an end less likely.
NONNEGATIVE = ("crack_armed_conflict", "crack_coercion", "crack_societal_ties", "crack_diplomacy",
               "crack_mean", "crack_mean_change3", *THAW)
GRID_C = (0.01, 0.1, 1.0)
GRID_HALF_LIFE = (None, 25.0)
GRID_SINCE = (None, 1947)  # train on every rivalry-year, or on those from 1947 (the cracks' years)
MAX_NEWTON_STEP = 5.0
INNER_ORIGINS = (25, 20, 15, 10)  # years before the cut where inner fits end


def design(rows: pd.DataFrame) -> pd.DataFrame:
    """The model's features from rivalry-years (`models.rivalry_data.rivalry_years`)."""
    need = ("age", "mid_onsets_10y", "mid_peaceyears", "cap_shift10", "cap_ratio", *TYPE[:4],
            "principal", "aprin", "common_rivals", "common_rival_disputes", "leader_changes_3y",
            "irregulars_5y", "ideal_distance_change5", "ends_5y", "other_rivalries", "atop_any",
            "dyadigos")
    missing = [c for c in need if c not in rows.columns]
    if missing:
        raise DataError("rivalry-years lack a column the model needs", field=missing[0])
    f = lambda c: rows[c].astype("float64")  # noqa: E731
    flags = {c: f(c).fillna(0.0) for c in ("positional", "spatial", "ideological",
                                           "interventionary", "principal", "aprin")}
    only = (flags["interventionary"] == 1) & (sum(flags[c] for c in TYPE[:4]) == 1)
    return pd.DataFrame({
        "log_age": np.log1p(f("age")), "age": f("age") / 10, **flags,
        "interventionary_only": only.astype("float64"),
        "mid_onsets_10y": f("mid_onsets_10y"), "log_peace_years": np.log1p(f("mid_peaceyears")),
        "power_shift": f("cap_shift10").abs(), "log_cap_ratio": np.log(f("cap_ratio")),
        "common_rival": (f("common_rivals") > 0).astype("float64").where(f("common_rivals").notna()),
        "common_rival_disputes": f("common_rival_disputes"),
        "leader_changes_3y": f("leader_changes_3y"), "irregular_changes_5y": f("irregulars_5y"),
        "ideal_point_convergence": -f("ideal_distance_change5"), "ends_5y": f("ends_5y"),
        "other_rivalries": f("other_rivalries"), "alliance": f("atop_any"),
        "log_shared_igos": np.log1p(f("dyadigos")),
        **{c: _optional(rows, c) for c in OPTIONAL},
        "log_conflict_items": np.log1p(_optional(rows, "items_armed_conflict")),
    }, index=rows.index)


def _optional(rows: pd.DataFrame, column: str) -> pd.Series:
    """A column the rows may lack (the crack covariates, the extras): NaN when absent."""
    if column not in rows.columns:
        return pd.Series(np.nan, index=rows.index)
    return rows[column].astype("float64")


def ridge_logit(x: np.ndarray, y: np.ndarray, w: np.ndarray, C: float, max_iter: int = 50,
                tol: float = 1e-8, start: np.ndarray | None = None,
                nonnegative: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Minimise C · Σ wᵢ · logloss(yᵢ, xᵢβ + b) + ½‖β‖² (scikit-learn's L2 objective; the
    intercept is not penalised) by Newton's method, from `start` ([b, β]) if given.
    `nonnegative` (a boolean mask over β) keeps those coefficients ≥ 0: when the free fit breaks
    the constraint, the bounded problem is solved by L-BFGS-B, from the free fit with those set to 0.
    Returns (β, b)."""
    coef, intercept = _ridge_newton(x, y, w, C, max_iter, tol, start)
    if nonnegative is None or not (coef[nonnegative] < 0).any():
        return coef, intercept
    return _ridge_bounded(x, y, w, C, np.concatenate([[intercept], np.where(nonnegative, 0.0, coef)]),
                          nonnegative)


def _ridge_bounded(x: np.ndarray, y: np.ndarray, w: np.ndarray, C: float, start: np.ndarray,
                   nonnegative: np.ndarray) -> tuple[np.ndarray, float]:
    """The ridge logit with coefficients `nonnegative` held ≥ 0 (L-BFGS-B)."""
    from scipy.optimize import minimize

    design_ = np.column_stack([np.ones(len(x)), x])

    def objective(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = design_ @ beta
        loss = np.sum(w * (np.logaddexp(0.0, eta) - y * eta))
        grad = design_.T @ (w * (expit(eta) - y))
        penalty = np.concatenate([[0.0], beta[1:]])
        return C * loss + 0.5 * penalty @ penalty, C * grad + penalty

    bounds = [(None, None)] + [(0.0, None) if m else (None, None) for m in nonnegative]
    found = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                     options={"maxiter": 1000, "gtol": 1e-9, "ftol": 1e-14})
    return found.x[1:], float(found.x[0])


def _ridge_newton(x: np.ndarray, y: np.ndarray, w: np.ndarray, C: float, max_iter: int, tol: float,
                  start: np.ndarray | None) -> tuple[np.ndarray, float]:
    design_ = np.column_stack([np.ones(len(x)), x])
    beta = np.zeros(design_.shape[1]) if start is None else np.array(start, dtype="float64")
    if start is None:
        rate = np.average(y, weights=w)
        beta[0] = np.log((rate + 1e-9) / (1 - rate + 1e-9))
    penalty = np.full(design_.shape[1], 1.0 / C)
    penalty[0] = 1e-9  # keeps the Newton system solvable; the intercept is all but free
    for _ in range(max_iter):
        p = expit(design_ @ beta)
        grad = design_.T @ (w * (p - y)) + penalty * beta
        hess = (design_ * (w * p * (1 - p))[:, None]).T @ design_ + np.diag(penalty)
        step = np.linalg.lstsq(hess, grad, rcond=None)[0]
        step *= min(1.0, MAX_NEWTON_STEP / max(np.max(np.abs(step)), 1e-12))  # damped
        beta -= step
        if np.max(np.abs(step)) < tol:
            break
    return beta[1:], float(beta[0])


class RivalryHazard:
    """Discrete-time hazard of rivalry termination (a penalised logit on rivalry-years).
    `fit(rows, cut)` returns a `RivalryHazardResults`."""

    def __init__(self, features: Sequence[str] = DURATION + TYPE + CONTEXT, C: float = 0.05,
                 half_life: float | None = None,
                 warm_start: RivalryHazardResults | None = None, since: int | None = None) -> None:
        self.features = tuple(features)
        self.C = C
        self.half_life = half_life
        self.warm_start = warm_start
        self.since = since

    def fit(self, rows: pd.DataFrame, cut: int | None = None, *,
            x: pd.DataFrame | None = None) -> RivalryHazardResults:
        """Fit on the rivalry-years up to `cut` (default: all); outcome `ends`. `x` may hold
        `design(rows)` already computed."""
        unknown = [f for f in self.features if f not in FEATURES]
        if unknown:
            raise DataError(f"unknown feature {unknown[0]!r}", field="features")
        train = rows if cut is None else rows[rows["year"] <= cut]
        if self.since is not None:
            train = train[train["year"] >= self.since]
        if train.empty or not train["ends"].any():
            raise DataError(f"no rivalry ended in the training years (cut {cut})", field="ends")
        cut = int(train["year"].max()) if cut is None else int(cut)
        x = (design(train) if x is None else x.loc[train.index])[list(self.features)]
        medians = x.median().fillna(0.0)
        filled = x.fillna(medians)
        means, scales = filled.mean(), filled.std(ddof=0).replace(0, 1.0)
        weights = (np.ones(len(train)) if self.half_life is None
                   else 0.5 ** ((cut - train["year"].to_numpy()) / self.half_life))
        start = (None if self.warm_start is None
                 else np.concatenate([[self.warm_start.intercept], self.warm_start.params.to_numpy()]))
        standardise = _Standardiser(medians, means, scales)
        coef, intercept = ridge_logit(standardise(x), train["ends"].to_numpy(bool), weights, self.C,
                                      start=start,
                                      nonnegative=np.array([f in NONNEGATIVE for f in self.features]))
        return RivalryHazardResults(self.features, cut, standardise,
                                    pd.Series(coef, index=list(self.features)), intercept,
                                    len(train), int(train["ends"].sum()))


@dataclass(frozen=True)
class _Standardiser:
    """Training medians fill the gaps; then (x − mean) / sd."""

    medians: pd.Series
    means: pd.Series
    scales: pd.Series

    def __call__(self, x: pd.DataFrame | np.ndarray) -> np.ndarray:
        values = np.asarray(x, dtype="float64")
        values = np.where(np.isnan(values), self.medians.to_numpy(), values)
        return (values - self.means.to_numpy()) / self.scales.to_numpy()


@dataclass(frozen=True)
class RivalryHazardResults:
    """The fitted hazard: coefficients per standard deviation (`params`), the intercept, the
    training cut and size; `hazard`, `predict` and `contributions` for new rivalry-years. A
    penalised fit has no sampling intervals: `detente.models.fitted` bootstraps them."""

    features: tuple[str, ...]
    cut: int
    standardise: _Standardiser = field(repr=False)
    params: pd.Series = field(repr=False)
    intercept: float
    n_rows: int
    n_events: int

    def _logit(self, rows: pd.DataFrame, years_ahead: Sequence[int] = (0,),
               x: pd.DataFrame | None = None) -> np.ndarray:
        """Annual logits, one column per number of years ahead (the age advancing)."""
        x = (design(rows) if x is None else x.loc[rows.index])[list(self.features)].to_numpy("float64")
        out = np.empty((len(rows), len(years_ahead)))
        age = rows["age"].astype("float64").to_numpy()
        cols = {f: i for i, f in enumerate(self.features)}
        for j, k in enumerate(years_ahead):
            if "log_age" in cols:
                x[:, cols["log_age"]] = np.log1p(age + k)
            if "age" in cols:
                x[:, cols["age"]] = (age + k) / 10
            out[:, j] = self.intercept + self.standardise(x) @ self.params.to_numpy()
        return out

    def logit(self, rows: pd.DataFrame, x: pd.DataFrame | None = None) -> np.ndarray:
        """The annual log-odds of an end, per row (`x`: the rows' features, maybe changed)."""
        return self._logit(rows, (0,), x)[:, 0]

    def hazard(self, rows: pd.DataFrame) -> np.ndarray:
        """P(the rivalry ends this year), per row."""
        return expit(self._logit(rows)[:, 0])

    def predict(self, rows: pd.DataFrame, horizon: int = 5, shift: float | np.ndarray = 0.0, *,
                x: pd.DataFrame | None = None) -> np.ndarray:
        """P(the rivalry ends within `horizon` years), ageing it year by year; `shift` adds to
        every year's logit (the dossier's news since the covariates' year)."""
        logits = self._logit(rows, range(horizon), x) + np.reshape(shift, (-1, 1))
        return 1 - np.prod(1 - expit(logits), axis=1)

    def contributions(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Each feature's push on the annual logit against the training average (coef × z)."""
        x = design(rows)[list(self.features)]
        return pd.DataFrame(self.standardise(x) * self.params.to_numpy(), columns=list(self.features),
                            index=rows.index)

    def summary_frame(self) -> pd.DataFrame:
        """Coefficients per standard deviation, with what a higher value means."""
        return pd.DataFrame({"coef_per_sd": self.params.round(4),
                             "higher_means": [FEATURES[f][0] for f in self.features]})

    def summary(self) -> str:
        """The coefficients as text."""
        return self.summary_frame().to_string()


@dataclass(frozen=True)
class Choice:
    features: str
    C: float
    half_life: float | None
    inner_brier: float
    since: int | None = None

    def estimator(self, **kw) -> RivalryHazard:
        return RivalryHazard(FEATURE_SETS[self.features], self.C, self.half_life, since=self.since, **kw)


def _inner_brier(rows: pd.DataFrame, x: pd.DataFrame, cut: int, features: Sequence[str], C: float,
                 half_life: float | None, since: int | None = None) -> float:
    """Mean 5-year Brier over rolling origins before the cut: fit on ≤ cut − g, score the
    5-year outcomes of the next five years (all known by the cut), g in INNER_ORIGINS."""
    errors: list[np.ndarray] = []
    for gap in INNER_ORIGINS:
        fit_end = cut - gap
        val = rows[(rows["year"] > fit_end) & (rows["year"] <= min(fit_end + 5, cut - 4))
                   & rows["ends_within_5"].notna()]
        if val.empty or not rows.loc[rows["year"].between(since or 0, fit_end), "ends"].any():
            continue
        model = RivalryHazard(features, C, half_life, since=since).fit(rows, fit_end, x=x)
        errors.append((model.predict(val, 5, x=x) - val["ends_within_5"].astype(float).to_numpy()) ** 2)
    if not errors:
        raise DataError(f"too few years before {cut} to choose the model", field="cut")
    return float(np.concatenate(errors).mean())


def choose(rows: pd.DataFrame, cut: int, x: pd.DataFrame | None = None,
           sets: Sequence[str] | None = None) -> Choice:
    """The feature set (of `sets`, default all), C, half-life and first training year with the
    lowest inner Brier, using years ≤ cut only."""
    x = design(rows) if x is None else x
    grid = itertools.product(sets or FEATURE_SETS, GRID_C, GRID_HALF_LIFE, GRID_SINCE)
    scores = {(name, c, h, s): _inner_brier(rows, x, cut, FEATURE_SETS[name], c, h, s)
              for name, c, h, s in grid if s is None or s < cut - max(INNER_ORIGINS)}
    name, c, h, s = min(scores, key=scores.get)
    return Choice(name, c, h, round(scores[(name, c, h, s)], 5), s)


def fit_at(rows: pd.DataFrame, cut: int, choice: Choice | None = None,
           sets: Sequence[str] | None = CRACK_SETS) -> tuple[RivalryHazardResults, Choice]:
    """The model as it could have been chosen (among `sets`) and fitted at the end of `cut`."""
    x = design(rows)
    choice = choice or choose(rows, cut, x, sets)
    return choice.estimator().fit(rows, cut, x=x), choice
