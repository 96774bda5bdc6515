"""The JSON API under /api, described by the OpenAPI document at /api/openapi.json."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import detente
from detente.app.forms import read_form, uploaded_file
from detente.app.service import Service
from detente.assess.result import Assessment
from detente.assess.scenarios import load_scenario, shipped_scenarios
from detente.core.countries import all_states, resolve

router = APIRouter(prefix="/api", tags=["api"])

StateParam = Annotated[str, Query(description="A state: name, ISO3 or COW code",
                                  examples=["USA"])]


class Problem(BaseModel):
    detail: str


class StateOut(BaseModel):
    iso3: str
    name: str
    cow: int | None


class ScenarioOut(BaseModel):
    ref: str
    name: str
    description: str


class Timeline(BaseModel):
    dyad: list[str]
    rows: list[dict[str, float | str | None]] = Field(description=(
        "one row per year: date, each crack's score (null when unknown) and the overall"))


class Health(BaseModel):
    status: str
    version: str


ERRORS = {400: {"model": Problem, "description": "Unknown state, bad date or scenario"},
          422: {"model": Problem, "description": "A data or scenario file failed validation"}}


def service(request: Request) -> Service:
    return request.app.state.service


@router.get("/assess", response_model=Assessment, responses=ERRORS,
            summary="Assess a pair of states on a date")
def assess(request: Request, a: StateParam, b: StateParam,
           as_of: Annotated[dt.date | None, Query(description="YYYY-MM-DD; default today")] = None,
           scenario: Annotated[list[str], Query(
               description="Shipped scenario name or `upload:<id>`; repeatable")] = ()) -> Response:
    """The six cracks, their doors, bridges, the outlook with its interval, the treaty timeline,
    the crack history up to `as_of` and each scenario beside the baseline with its deltas."""
    result = service(request).assess(a, b, as_of, list(scenario))
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/timeline", response_model=Timeline, responses=ERRORS,
            summary="Each crack's score year by year up to today (cached)")
def timeline(request: Request, a: StateParam, b: StateParam) -> Timeline:
    rows = service(request).timeline(a, b)
    return Timeline(dyad=[resolve(a).iso3, resolve(b).iso3], rows=rows)


@router.get("/states", response_model=list[StateOut], summary="Every state detente resolves")
def states() -> list[StateOut]:
    return [StateOut(iso3=s.iso3, name=s.name, cow=s.cow) for s in all_states()]


@router.get("/scenarios", response_model=list[ScenarioOut], summary="The shipped scenarios")
def scenarios() -> list[ScenarioOut]:
    out = []
    for name, path in shipped_scenarios().items():
        sc = load_scenario(path)
        out.append(ScenarioOut(ref=name, name=sc.name, description=sc.description))
    return out


_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "A scenario YAML file (at most 64 KiB)"}}}}}}}


@router.post("/scenarios", response_model=ScenarioOut, openapi_extra=_UPLOAD_BODY,
             responses={**ERRORS, 413: {"model": Problem, "description": "Over 64 KiB"}},
             summary="Upload a scenario YAML file")
async def upload(request: Request) -> ScenarioOut:
    """Validated like any scenario; answers the reference (`upload:<id>`) to pass as
    `scenario` to /api/assess or in a dashboard URL."""
    filename, content = await uploaded_file(await read_form(request))
    svc = service(request)
    # parsing and the dry run are CPU work: off the event loop, so other clients never wait
    ref, sc = await run_in_threadpool(svc.uploads.save, filename, content, svc.today())
    return ScenarioOut(ref=ref, name=sc.name, description=sc.description)


@router.get("/health", response_model=Health, summary="Is the server up")
async def health() -> Health:
    """On the event loop itself: never waits for a worker thread, whatever else is running."""
    return Health(status="ok", version=detente.__version__)
