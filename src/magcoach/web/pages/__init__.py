"""The pages, one module per step of the journey. Each page renders one use case's view; its
data is exactly what its /api twin returns."""

from __future__ import annotations

from fastapi import APIRouter

from magcoach.web.pages import daily, data, diary, improve, person, screen, sharing, trial

router = APIRouter(include_in_schema=False)
for _module in (daily, diary, person, screen, improve, trial, data, sharing):
    router.include_router(_module.router)
