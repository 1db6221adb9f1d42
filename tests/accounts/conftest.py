"""The account tests' `ctx` is the shared-mode context of tests/clinic_world.py."""

from __future__ import annotations

import pytest

from magcoach.app import Context


@pytest.fixture
def ctx(clinic_ctx: Context) -> Context:
    return clinic_ctx
