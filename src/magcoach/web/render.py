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

#: Pages only the person's own account opens (a clinician viewing a patient does not see them).
OWNER_ONLY = frozenset({"/data", "/sharing", "/screen"})


def nav_for(actor: Any, viewing: Any) -> tuple[tuple[str, str], ...]:
    """The navigation for who is looking (`actor`, None in the local mode) at whose diary
    (`viewing`, a PersonRef or None): the local mode has the journey; in the shared mode the
    owner also has Sharing and Account, and pages only the owner opens are not offered to
    someone else."""
    if actor is None:
        return NAV
    owner = viewing.access == "owner" if viewing is not None else actor.role == "person"
    links = [(href, label) for href, label in NAV if owner or href not in OWNER_ONLY]
    if viewing is None and actor.role != "person":  # nobody's diary open: no diary pages
        links = [(h, label) for h, label in links if h in ("/foods", "/evidence")]
    if viewing is not None and viewing.access == "summary":
        links = [(h, label) for h, label in links if h != "/today"]  # single days: full diary
    if owner:
        links.insert(links.index(("/data", "Your data")), ("/sharing", "Sharing"))
    elif viewing is not None:
        links.append(("/notes", "Notes"))
    if actor.role == "clinician":
        links.insert(0, ("/clinic", "Patients"))
    if actor.role == "admin":
        links.insert(0, ("/admin", "Admin"))
    links.append(("/account", "Account"))
    return tuple(links)


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


def _looked_at(what: str) -> str:
    """An access-log line's page in the navigation's words ("GET /history" -> "History");
    other actions ("opened", "report PDF") as they were written."""
    method, _, path = what.partition(" ")
    if method not in ("GET", "HEAD") or not path.startswith("/"):
        return what
    page = path.removeprefix("/api")
    for href, label in (*NAV, ("/day", "Today"), ("/week", "History"), ("/entries", "Today")):
        if page == href or page.startswith(href + "/"):
            return label
    return path


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
        looked_at=_looked_at,
    )
    env.globals.update(NAV=NAV, LEVELS=LEVELS, nav_for=nav_for)
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
