"""Pages: Jinja2 templates with autoescape on for everything (user text is always text)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

#: The navigation, in the order of the journey.
NAV: tuple[tuple[str, str], ...] = (
    ("/today", "Today"),
    ("/history", "History"),
    ("/plan", "Plan"),
    ("/foods", "Foods"),
    ("/did-it-help", "Did it help?"),
    ("/trial", "Trial"),
    ("/report", "Report"),
    ("/screen", "Screening"),
    ("/person", "Profile"),
    ("/data", "Your data"),
    ("/evidence", "Evidence"),
)

#: The three warning levels' words; each also has its icon (macros.html) and colour, so
#: colour is never the only signal.
LEVELS = {"emergency": "Emergency", "urgent": "Urgent", "caution": "Caution"}


def _mg(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} mg"


def _day_name(value: date) -> str:
    return f"{value:%A %d %B %Y}"


def _short_day(value: date) -> str:
    return f"{value:%a %d %b}"


def _day_before(value: date) -> date:
    return value - timedelta(days=1)


def _clock(value: datetime) -> str:
    return f"{value:%H:%M}"


def _svg_data_uri(chart: Any) -> str:
    """A chart inside the page itself (the policy allows data: images): nothing is kept on
    the server between the page and its image, whichever worker serves them."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("magcoach.web", "templates"),
        autoescape=True,  # every template, whatever its name: user text is never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        mg=_mg,
        svg_data_uri=_svg_data_uri,
        day_name=_day_name,
        short_day=_short_day,
        clock=_clock,
        day_before=_day_before,
    )
    env.globals.update(NAV=NAV, LEVELS=LEVELS)
    return env


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    html = (
        environment()
        .get_template(template)
        .render(
            request_path=request.url.path,
            today=request.app.state.ctx.clock.today(),
            csrf=getattr(request.state, "csrf", None),
            actor=getattr(request.state, "actor", None),
            viewing=getattr(request.state, "person", None),
            **values,
        )
    )
    return HTMLResponse(html, status_code=status_code)


def render_error(request: Request, status: int, message: str, hint: str | None) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message, hint=hint)
