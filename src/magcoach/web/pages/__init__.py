"""The pages, one module per step of the journey. Each page renders one use case's view; its
data is exactly what its /api twin returns."""

from __future__ import annotations

from fastapi import APIRouter

from magcoach.web.pages import (
    admin,
    clinic,
    daily,
    data,
    diary,
    improve,
    person,
    screen,
    sharing,
    trial,
)

router = APIRouter(include_in_schema=False)
for _module in (daily, diary, person, screen, improve, trial, data, sharing, clinic, admin):
    router.include_router(_module.router)

#: The /api twins of the clinic and admin pages (listed in /openapi.json, unlike the pages).
api = APIRouter()
for _twins in (clinic.api, admin.api):
    api.include_router(_twins)
