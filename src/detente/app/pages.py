"""Server-rendered pages: the dashboard, the side-by-side comparison, the scenario upload form
and a readable list of the API's endpoints."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool

from detente.app import charts, validation
from detente.app.forms import read_form, uploaded_file
from detente.app.service import Service
from detente.app.uploads import UploadTooLarge
from detente.app.view import DEFAULT_PAIR, SLIDER_START, View, read_view
from detente.assess.result import Assessment
from detente.assess.scenarios import load_scenario, shipped_scenarios
from detente.core.countries import all_states
from detente.core.errors import DataError, DetenteError
from detente.core.scoring import signed
from detente.dossier.load import list_dossiers
from detente.report.references import References, cite_line

router = APIRouter(include_in_schema=False)
_ENV = Environment(loader=PackageLoader("detente.app", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)
_ENV.filters["signed"] = signed
_ENV.globals["validation_line"] = validation.validation_line


def status_for(exc: DetenteError) -> int:
    """The HTTP status of an error detente raised on purpose."""
    if isinstance(exc, UploadTooLarge):
        return 413
    if isinstance(exc, DataError):
        return 422
    return 400


@lru_cache(maxsize=1)
def _shipped() -> list[tuple[str, str]]:
    return [(name, load_scenario(path).description) for name, path in shipped_scenarios().items()]


def _decades(today: dt.date) -> list[int]:
    """Slider tick marks: 1 January of each decade, in days from the slider's start."""
    return [(dt.date(y, 1, 1) - SLIDER_START).days for y in range(1950, today.year + 1, 10)]


def _service(request: Request) -> Service:
    return request.app.state.service


def _uploaded(svc: Service, view: View) -> list[tuple[str, str]]:
    out = []
    for ref in view.scenarios:
        if ref.startswith("upload:"):
            try:
                out.append((ref, svc.uploads.load(ref).name))
            except DetenteError:
                continue
    return out


def _page(request: Request, template: str, view: View, status: int = 200,
          **context) -> HTMLResponse:
    svc = _service(request)
    today = svc.today()
    html = _ENV.get_template(template).render(
        view=view, today=today, slider_start=SLIDER_START,
        slider_max=(today - SLIDER_START).days, decades=_decades(today),
        states=all_states(), shipped=_shipped(),
        uploaded=_uploaded(svc, view), pairs=[p.name for p in list_dossiers()],
        base=str(request.base_url).rstrip("/"), cite_line=cite_line, **context)
    return HTMLResponse(html, status_code=status)


def _assess(svc: Service, a: str, b: str, view: View) -> Assessment:
    return svc.assess(a, b, view.as_of, view.scenarios)


def _dashboard(request: Request, view: View, error: str | None = None,
               status: int = 200) -> HTMLResponse:
    try:
        a = _assess(_service(request), view.a, view.b, view)
    except DetenteError as exc:
        return _page(request, "dashboard.html.j2", view, status_for(exc), a=None,
                     error=str(exc))
    backtest = validation.outlook_backtest_line() if a.outlook.horizons else None
    return _page(request, "dashboard.html.j2", view, status, a=a, refs=References(a),
                 charts=charts.build(a), error=error, backtest=backtest)


def _compare(request: Request, view: View, error: str | None = None,
             status: int = 200) -> HTMLResponse:
    svc = _service(request)
    sides = []
    for a, b in ((view.a, view.b), (view.a2 or "", view.b2 or "")):
        try:
            result = _assess(svc, a, b, view)
        except DetenteError as exc:
            return _page(request, "compare.html.j2", view, status_for(exc), sides=[],
                         error=str(exc))
        sides.append((result, References(result), charts.build(result, charts.COMPARE)))
    return _page(request, "compare.html.j2", view, status, sides=sides, error=error)


def _read(request: Request, compare: bool) -> View | HTMLResponse:
    today = _service(request).today()
    try:
        return read_view(request.query_params, request.query_params.getlist("scenario"), today,
                         compare)
    except DetenteError as exc:
        fallback = read_view({}, [], today, compare)
        render = _compare if compare else _dashboard
        return render(request, fallback, str(exc), status_for(exc))


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    view = _read(request, compare=False)
    return view if isinstance(view, Response) else _dashboard(request, view)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request) -> Response:
    view = _read(request, compare=True)
    return view if isinstance(view, Response) else _compare(request, view)


@router.post("/scenarios")
async def upload(request: Request) -> Response:
    """Keep an uploaded scenario, then show the view with it switched on."""
    svc = _service(request)
    today = svc.today()
    view = View(*DEFAULT_PAIR, today)
    try:
        form = await read_form(request)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        view = read_view(fields, [str(s) for s in form.getlist("scenario")], today,
                         compare=bool(fields.get("a2")))
        filename, content = await uploaded_file(form)
        ref, _ = await run_in_threadpool(svc.uploads.save, filename, content, today)
    except DetenteError as exc:
        render = _compare if view.compare else _dashboard
        return await run_in_threadpool(render, request, view, str(exc), status_for(exc))
    return RedirectResponse(view.url(scenarios=view.scenarios + (ref,)), status_code=303)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The endpoints of the OpenAPI document, readable offline (no CDN-hosted Swagger UI)."""
    spec = request.app.openapi()
    ops = [(method.upper(), path, op) for path, item in spec["paths"].items()
           for method, op in item.items()]
    view = View(*DEFAULT_PAIR, _service(request).today())
    return _page(request, "api.html.j2", view, ops=ops, spec=spec)
