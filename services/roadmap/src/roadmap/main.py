"""Composition root of the roadmap service."""

from __future__ import annotations

from fastapi import FastAPI

from common.app import build_service_app
from common.errors import NotFound
from common.openapi import PathParameter
from roadmap.config import RoadmapSettings
from roadmap.consumers import consumers
from roadmap.criteria import api as criteria
from roadmap.decisions import api as decisions
from roadmap.tracks import api as tracks


def create_app(settings: RoadmapSettings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or RoadmapSettings(),
        title="nea-coop roadmap",
        description="Staged roadmaps and declarative advancement criteria; meeting events advance stages.",
        # In the order docs/openapi/roadmap.json has always listed the paths: partners diff it.
        routers=[
            tracks.router,
            decisions.router,
            criteria.router,
            tracks.what_if_router,
            tracks.facts_router,
        ],
        tags=[
            {
                "name": "roadmaps",
                "description": "Staged roadmaps, their tracks, criteria, history and decisions",
            },
            {"name": "facts", "description": "The meetings the roadmap has counted, as it learnt them"},
        ],
        path_parameters={
            "roadmaps/{code}": PathParameter(
                "roadmap", "NAPCI", NotFound("no roadmap 'NAPCI'", field="code")
            ),
            "tracks/{track}": PathParameter(
                "track",
                "nuclear_safety",
                NotFound("roadmap 'NAPCI' has no track 'nuclear_safety'", field="track"),
            ),
        },
        consumers=consumers,
    )
