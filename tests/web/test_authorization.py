"""Authorization, tested as a matrix (issue 13): every route of the app, taken from the app's
own route table, × every kind of visitor, on SQLite and PostgreSQL.

Each (method, path) has a row in ACCESS naming its access level and the status a visitor
who may use it gets. `expected_status` turns (level, visitor) into the status; the matrix
test asserts it, and that nobody sees a diary they may not see: Ana's recognisable notes
never appear in the body for a visitor without her full diary, and Bo's never appear at all.
A route of the app without a row fails `test_every_route_has_an_access_row`, which prints
the rows to paste.

Decisions:
- The visitors who may not see Ana (Bo's owner, a clinician without a grant, the admin) have
  her id written into their session directly in the database, the worst case: an id the
  session should never hold must still give nothing on any request. The revoked clinician
  opened Ana while the grant was live. So every person route answers them 403 (not the
  redirect to /welcome an account without a person gets).
- Anonymous: 401 under /api, a 303 to /login for pages.
- Every request carries a valid body, so a refusal is about who asks, not about the input.
- The world is built once per database for the module. The owner's requests must not erase
  what the other visitors' requests are checked against: the owner deletes and fixes an
  entry made for that request, and asks to delete everything without confirming (the
  others send the confirmation). Log-in, sign-up and log-out run on a session of their own.
  At the end the owner still finds every note, so no check passed on an empty diary.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from magcoach.accounts import security
from magcoach.app import Context, accounts, clinic
from magcoach.app.accounts import LoginView
from magcoach.settings import Settings
from tests.clinic_world import CHEAP, PASSWORD, SECRET, HandClock, _pg_database, login, own_person
from tests.web.webtools import BASE

# ---------------------------------------------------------------- the route table

#: Access levels: "open" anyone; "any" signed in, about no person; "summary" a person's
#: summaries (clinicians with either scope may read); "diary" a person's single entries (only
#: the "full diary" scope reads); "owner" the person's own account only, even to read;
#: "clinician" and "admin" an account of that role; "opens" opening a person in the session
#: (a clinician with either scope may); "note" a clinician's note on a person who shared with
#: them; "refused" nobody (restoring over the shared database). Any change to a person's
#: diary is the owner's.
#: The second value is the status of a visitor who may.
ACCESS: dict[tuple[str, str], tuple[str, int]] = {
    ("GET", "/"): ("open", 303),
    ("POST", "/api/login"): ("open", 200),
    ("POST", "/api/signup"): ("open", 201),
    ("POST", "/login"): ("open", 303),
    ("GET", "/login"): ("open", 200),
    ("GET", "/signup"): ("open", 200),
    ("POST", "/signup"): ("open", 303),
    ("POST", "/api/logout"): ("any", 200),
    ("POST", "/logout"): ("any", 303),
    ("GET", "/api/me"): ("any", 200),
    ("POST", "/api/person"): ("any", 201),
    ("GET", "/api/people"): ("any", 200),
    ("GET", "/api/foods/search"): ("any", 200),
    ("POST", "/api/foods/parse"): ("any", 200),
    ("GET", "/api/foods/rich"): ("any", 200),
    ("GET", "/api/questionnaire"): ("any", 200),
    ("GET", "/api/evidence"): ("any", 200),
    ("GET", "/welcome"): ("any", 200),
    ("POST", "/welcome"): ("any", 303),
    ("GET", "/foods/search"): ("any", 200),
    ("GET", "/evidence"): ("any", 200),
    # opening a person checks the grant itself (declared AnyCtx: the session has no person yet)
    ("POST", "/api/people/{person_id}/open"): ("opens", 200),
    ("POST", "/people/{person_id}/open"): ("opens", 303),
    ("GET", "/api/week"): ("summary", 200),
    ("GET", "/api/person"): ("summary", 200),
    ("GET", "/api/plan"): ("summary", 200),
    ("GET", "/api/did-it-help"): ("summary", 200),
    ("GET", "/api/trends"): ("summary", 200),
    ("GET", "/api/report.pdf"): ("summary", 200),
    # no trial is planned: "not found" for everyone allowed, a refusal for the others
    ("GET", "/api/trial"): ("summary", 404),
    ("GET", "/api/trial/result"): ("summary", 404),
    ("GET", "/api/trial.ics"): ("summary", 404),
    ("GET", "/history"): ("summary", 200),
    ("GET", "/foods"): ("summary", 200),  # filtered by the person's diet and allergies
    ("GET", "/person"): ("summary", 200),
    ("GET", "/plan"): ("summary", 200),
    ("GET", "/did-it-help"): ("summary", 200),
    ("GET", "/report"): ("summary", 200),
    ("GET", "/report/view"): ("summary", 200),
    ("GET", "/trial"): ("summary", 200),
    ("GET", "/trial/result"): ("summary", 200),
    ("GET", "/api/day"): ("diary", 200),
    ("GET", "/api/supplements"): ("diary", 200),
    ("GET", "/api/entries"): ("diary", 200),
    ("GET", "/api/export/{kind}"): ("diary", 200),
    ("GET", "/today"): ("diary", 200),
    ("GET", "/data/export/{kind}"): ("diary", 200),
    ("PATCH", "/api/person"): ("diary", 200),
    ("POST", "/api/food-entries"): ("diary", 201),
    ("POST", "/api/pain-entries"): ("diary", 201),
    ("POST", "/api/symptom-entries"): ("diary", 201),
    ("POST", "/api/events"): ("diary", 201),
    ("POST", "/api/serum-results"): ("diary", 201),
    ("POST", "/api/supplements"): ("diary", 201),
    ("POST", "/api/supplement-doses"): ("diary", 201),
    ("PATCH", "/api/entries/{entry_id}"): ("diary", 200),
    ("DELETE", "/api/entries/{entry_id}"): ("diary", 200),
    ("POST", "/api/entries/undo"): ("diary", 200),
    ("POST", "/api/screenings"): ("diary", 201),
    ("POST", "/api/trial"): ("diary", 200),  # "save": false, only the design
    ("POST", "/api/trial/doses"): ("diary", 404),  # no trial planned
    ("POST", "/api/trial/stop"): ("diary", 404),
    ("POST", "/api/import"): ("diary", 201),
    # restoring replaces the whole database: never in the shared mode, whoever asks
    ("POST", "/api/restore"): ("refused", 403),
    ("POST", "/api/delete-everything"): ("diary", 400),  # the owner's is unconfirmed
    ("POST", "/today/food"): ("diary", 303),
    ("POST", "/today/pain"): ("diary", 303),
    ("POST", "/today/symptoms"): ("diary", 303),
    ("POST", "/today/event"): ("diary", 303),
    ("POST", "/today/supplement"): ("diary", 303),
    ("POST", "/supplements/new"): ("diary", 303),
    ("POST", "/entries/{entry_id}/delete"): ("diary", 303),
    ("POST", "/undo"): ("diary", 303),
    ("POST", "/entries/{entry_id}/fix"): ("diary", 303),
    ("POST", "/person/edit"): ("diary", 303),
    ("POST", "/screen"): ("diary", 303),
    ("POST", "/screen/questions"): ("diary", 303),
    ("POST", "/trial"): ("diary", 303),
    ("POST", "/trial/doses"): ("diary", 400),
    ("POST", "/trial/stop"): ("diary", 400),  # unconfirmed for the owner
    ("POST", "/data/import"): ("diary", 303),
    ("POST", "/data/restore"): ("refused", 403),
    ("POST", "/data/delete"): ("diary", 400),
    ("GET", "/person/edit"): ("owner", 200),
    ("GET", "/screen"): ("owner", 200),
    ("GET", "/screen/questions"): ("owner", 200),
    ("GET", "/screen/result"): ("owner", 303),  # no result named: back to /screen
    ("GET", "/trial/new"): ("owner", 200),
    ("GET", "/data"): ("owner", 200),
    # shared mode's own pages: the account, sharing, notes, the dashboard, the admin
    ("GET", "/account"): ("any", 200),
    ("POST", "/account/password"): ("any", 400),  # the current password sent is wrong
    ("POST", "/api/account/password"): ("any", 400),
    ("POST", "/account/sharing-code"): ("clinician", 400),  # a code that is not valid
    ("POST", "/api/account/sharing-code"): ("clinician", 400),
    ("GET", "/sharing"): ("owner", 200),
    ("GET", "/api/sharing"): ("owner", 200),
    ("GET", "/api/sharing/notes"): ("owner", 200),
    ("POST", "/sharing/invitations"): ("owner", 201),
    ("POST", "/api/sharing/invitations"): ("owner", 201),
    ("POST", "/sharing/invitations/{invitation_id}/resend"): ("owner", 200),
    ("POST", "/api/sharing/invitations/{invitation_id}/resend"): ("owner", 200),
    ("POST", "/sharing/invitations/{invitation_id}/cancel"): ("owner", 303),
    ("DELETE", "/api/sharing/invitations/{invitation_id}"): ("owner", 200),
    ("POST", "/sharing/grants/{grant_id}/revoke"): ("owner", 303),
    ("POST", "/api/sharing/grants/{grant_id}/revoke"): ("owner", 200),
    ("GET", "/notes"): ("summary", 200),
    ("GET", "/api/notes"): ("summary", 200),
    ("POST", "/notes"): ("note", 303),  # a clinician with a grant writes; nobody else
    ("POST", "/api/notes"): ("note", 201),
    ("GET", "/clinic"): ("clinician", 200),
    ("GET", "/api/clinic/patients"): ("clinician", 200),
    ("POST", "/clinic/patients/{person_id}/report"): ("opens", 303),
    ("GET", "/admin"): ("admin", 200),
    ("GET", "/api/admin/accounts"): ("admin", 200),
    ("POST", "/admin/accounts/disable"): ("admin", 303),
    ("POST", "/api/admin/accounts/disable"): ("admin", 200),
    ("POST", "/admin/invite"): ("admin", 200),
    ("POST", "/api/admin/invitations"): ("admin", 201),
}

VISITORS = (
    "anonymous",
    "owner",
    "other_person",
    "clinician_summary",
    "clinician_diary",
    "clinician_no_grant",
    "clinician_revoked",
    "admin",
)
SUMMARY_READERS = {"owner", "clinician_summary", "clinician_diary"}
#: Who may read Ana's single entries.
DIARY_READERS = {"owner", "clinician_diary"}
CLINICIANS = {"clinician_summary", "clinician_diary", "clinician_no_grant", "clinician_revoked"}

KINDS = ("SECRET", "EVENT", "SERUM", "CHECKIN", "PILL")  # pain note, event, serum note,
#: check-in note, supplement product: each kind of entry carries a recognisable word
ANA_NOTES = tuple(f"ANA-{kind}-7731" for kind in KINDS)
BO_NOTES = tuple(f"BO-{kind}-9052" for kind in KINDS)


def expected_status(level: str, ok: int, visitor: str, method: str, path: str) -> int:
    """The status `visitor` gets from a route of `level` (ok: the status of one who may)."""
    if level == "open":
        return ok
    if visitor == "anonymous":
        return 401 if path.startswith("/api") else 303  # pages: to /login
    reading = method == "GET"
    allowed = {
        "any": set(VISITORS),
        "summary": SUMMARY_READERS if reading else {"owner"},
        "opens": SUMMARY_READERS,
        "diary": DIARY_READERS if reading else {"owner"},
        "owner": {"owner"},
        "clinician": CLINICIANS,
        "admin": {"admin"},
        "note": {"clinician_summary", "clinician_diary"},
        "refused": set(),
    }[level]
    return ok if visitor in allowed else 403


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the app answers, from its own routes (included routers
    too); the static files and /openapi.json are not APIRoutes."""
    found = set()
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            for method in context.methods or ():
                found.add((method, str(context.path)))
    return sorted(found, key=lambda r: (r[1], r[0]))


def _app_for_collection() -> FastAPI:
    from magcoach.web import create_app

    settings = replace(Settings.load(), shared=True, secret=SECRET)
    return create_app(Context(settings), host="127.0.0.1", port=8000)


ROUTES = route_table(_app_for_collection())


def test_every_route_has_an_access_row() -> None:
    missing = [r for r in ROUTES if r not in ACCESS]
    rows = "\n".join(f'    ("{m}", "{p}"): ("LEVEL", STATUS),' for m, p in missing)
    assert not missing, f"routes without an access row in ACCESS (fill LEVEL, STATUS):\n{rows}"
    gone = [r for r in ACCESS if r not in ROUTES]
    assert not gone, f"rows in ACCESS for routes the app no longer has: {gone}"


# ---------------------------------------------------------------- the world


@dataclass
class Scene:
    """One database with Ana (the victim, her notes everywhere) and Bo, their owners, four
    clinicians and an admin; a client per visitor."""

    ctx: Context
    app: FastAPI
    ana: int
    entry_id: str  # Ana's pain entry with the secret note
    logins: dict[str, LoginView]
    emails: dict[str, str]
    spare: LoginView  # a clinician the owner shares with and revokes, per request
    invitation_id: int = 0  # Ana's pending invitation and live grant, for the others' tries
    grant_id: int = 0
    clients: dict[str, TestClient] = field(default_factory=dict)
    serial: int = 0

    def client(self, visitor: str, *, fresh: bool = False) -> TestClient:
        """The visitor's client; `fresh`: a new session of their own (log-in, log-out)."""
        if not fresh and visitor in self.clients:
            return self.clients[visitor]
        made = TestClient(self.app, base_url=BASE, follow_redirects=False)
        if visitor != "anonymous":
            view = self.logins[visitor]
            if fresh:
                view = accounts.log_in(
                    self.ctx, email=self.emails[visitor], password=PASSWORD, address="10.0.0.2"
                )
            made.cookies.set(security.session_cookie(False)[0], view.token)
            if view.csrf:
                made.headers["X-CSRF-Token"] = view.csrf
        if not fresh:
            self.clients[visitor] = made
        return made

    def unique(self, stem: str) -> str:
        self.serial += 1
        return f"{stem}{self.serial}"


def _seed(client: TestClient, note: str) -> str:
    """A diary with the note in every kind of entry; the pain entry's id."""
    pain = client.post("/api/pain-entries", json={"score": 6, "note": f"{note} pain"})
    assert pain.status_code == 201, pain.text
    calls: list[tuple[str, dict[str, Any]]] = [
        ("/api/food-entries", {"text": "1 cup cooked spinach"}),
        ("/api/events", {"text": note.replace("SECRET", "EVENT")}),
        ("/api/serum-results", {"mmol_per_l": 0.8, "note": note.replace("SECRET", "SERUM")}),
        ("/api/symptom-entries", {"cramps": 3, "note": note.replace("SECRET", "CHECKIN")}),
        ("/api/supplements", {"name": note.replace("SECRET", "PILL"), "elemental_mg": 100}),
        ("/api/screenings", {"answers": {"red_flags": []}}),
        ("/api/supplement-doses", {"product": note.replace("SECRET", "PILL")}),
    ]
    for path, body in calls:
        done = client.post(path, json=body)
        assert done.status_code == 201, (path, done.text)
    return str(pain.json()["id"])


def _share(ctx: Context, owner: LoginView, person: int, scope: str, who: LoginView) -> int:
    invitation = clinic.share_with_clinician(ctx, owner.actor, person_id=person, scope=scope)
    assert invitation.code is not None
    return clinic.accept_share(ctx, who.actor, code=invitation.code).id


def _bind(ctx: Context, view: LoginView, person: int) -> None:
    """Write the person into the session, bypassing every check (the worst case)."""
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        store.set_session_person(s, security.digest(view.token), person)


def _build(ctx: Context) -> Scene:
    from magcoach.web import create_app

    emails = {
        "owner": "ana@example.org",
        "other_person": "bo@example.org",
        "clinician_summary": "physio@clinic.example",
        "clinician_diary": "gp@clinic.example",
        "clinician_no_grant": "dietitian@clinic.example",
        "clinician_revoked": "locum@clinic.example",
        "admin": "admin@clinic.example",
    }
    role = {v: "clinician" if v in CLINICIANS else v for v in emails}
    role.update(owner="person", other_person="person")
    logins = {v: login(ctx, email, role[v]) for v, email in emails.items()}
    ana = own_person(ctx, logins["owner"].actor, "Ana")
    own_person(ctx, logins["other_person"].actor, "Bo")
    spare = login(ctx, "spare@clinic.example", "clinician")
    login(ctx, "target@clinic.example", "clinician")
    app = create_app(ctx, host="127.0.0.1", port=8000)
    scene = Scene(ctx, app, ana, "", logins, emails, spare)
    scene.entry_id = _seed(scene.client("owner"), ANA_NOTES[0])
    _seed(scene.client("other_person", fresh=True), BO_NOTES[0])
    scene.grant_id = _share(ctx, logins["owner"], ana, "summary", logins["clinician_summary"])
    _share(ctx, logins["owner"], ana, "diary", logins["clinician_diary"])
    revoked = _share(ctx, logins["owner"], ana, "diary", logins["clinician_revoked"])
    for visitor in ("clinician_summary", "clinician_diary", "clinician_revoked"):
        accounts.open_person(ctx, token=logins[visitor].token, person_id=ana)
    clinic.revoke_grant(ctx, logins["owner"].actor, grant_id=revoked)
    scene.invitation_id = _invite(scene)
    for visitor in ("other_person", "clinician_no_grant", "admin"):
        _bind(ctx, logins[visitor], ana)
    return scene


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def scene(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, food_db_path: Path
) -> Iterator[Scene]:
    """The world, built once per database for the module (cheap password hashing)."""
    home = tmp_path_factory.mktemp("matrix")
    patch = pytest.MonkeyPatch()
    patch.setenv("MAGCOACH_HOME", str(home))
    patch.setenv("MAGCOACH_TODAY", "2026-06-15T21:30")
    previous = security.set_hasher(CHEAP)
    urls = _pg_database() if request.param == "postgresql" else iter([f"sqlite:///{home}/c.db"])
    try:
        url = next(urls)
        settings = replace(
            Settings.load(), database_url=url, shared=True, secret=SECRET, food_db=food_db_path
        )
        ctx = Context(settings, HandClock(datetime(2026, 6, 15, 21, 30)))
        accounts.upgrade_database(ctx)
        built = _build(ctx)
        yield built
        # no check above passed on an empty diary: the owner still finds every note
        seen = built.client("owner").get("/api/export/backup").text
        assert all(note in seen for note in ANA_NOTES), seen
        for client in built.clients.values():
            client.close()
        ctx.close()
    finally:
        next(urls, None)  # drops the PostgreSQL database
        security.set_hasher(previous)
        patch.undo()


# ---------------------------------------------------------------- requests


def _csv() -> dict[str, Any]:
    daily = b"Date,Energy (kcal),Magnesium (mg)\n2026-06-01,1800,250\n"
    return {"data": {"kind": "cronometer"}, "files": {"file": ("daily.csv", daily, "text/csv")}}


def _backup() -> dict[str, Any]:
    return {"files": {"file": ("backup.json", io.BytesIO(b"{}"), "application/json")}}


Body = Callable[[Scene, str], dict[str, Any]]


def _fixed(**kwargs: Any) -> Body:
    return lambda scene, visitor: kwargs


def _signup(scene: Scene, visitor: str, *, form: bool) -> dict[str, Any]:
    admin = scene.logins["admin"].actor
    code = clinic.invite_account(scene.ctx, admin, role="person").code
    body = {"email": f"{scene.unique('new')}@example.org", "password": PASSWORD, "code": code}
    return {"data": body} if form else {"json": body}


def _login(scene: Scene, visitor: str, *, form: bool) -> dict[str, Any]:
    email = scene.emails.get(visitor, scene.emails["owner"])
    body = {"email": email, "password": PASSWORD}
    return {"data": body} if form else {"json": body}


def _new_person(scene: Scene, visitor: str, *, form: bool) -> dict[str, Any]:
    body = {"name": scene.unique(f"Kid {visitor} "), "age": "9", "sex": "female"}
    return {"data": body} if form else {"json": body}


def _confirmed(scene: Scene, visitor: str, *, form: bool) -> dict[str, Any]:
    """Delete everything: confirmed, except for the owner (the module's world must last)."""
    if form:
        return {"data": {} if visitor == "owner" else {"confirm": "yes"}}
    return {"json": {"confirm": visitor != "owner"}}


def _no_red_flags() -> dict[str, Any]:
    """The red-flag page's form, every question answered "no"."""
    from magcoach.app import screen

    sections = [s for s in screen.questionnaire(diary_person=True).sections if s.stop_on_yes]
    answers = {f"{s.id}:{o.id}": "no" for s in sections for o in s.options}
    return {"data": answers}


BODIES: dict[tuple[str, str], Body] = {
    ("POST", "/api/login"): lambda s, v: _login(s, v, form=False),
    ("POST", "/login"): lambda s, v: _login(s, v, form=True),
    ("POST", "/api/signup"): lambda s, v: _signup(s, v, form=False),
    ("POST", "/signup"): lambda s, v: _signup(s, v, form=True),
    ("POST", "/api/person"): lambda s, v: _new_person(s, v, form=False),
    ("POST", "/welcome"): lambda s, v: _new_person(s, v, form=True),
    ("GET", "/api/foods/search"): _fixed(params={"q": "spinach"}),
    ("GET", "/foods/search"): _fixed(params={"q": "spinach"}),
    ("POST", "/api/foods/parse"): _fixed(json={"text": "1 cup cooked spinach"}),
    ("PATCH", "/api/person"): _fixed(json={"age": 44}),
    ("POST", "/api/food-entries"): _fixed(json={"text": "1 banana"}),
    ("POST", "/api/pain-entries"): _fixed(json={"score": 4}),
    ("POST", "/api/symptom-entries"): _fixed(json={"cramps": 2}),
    ("POST", "/api/events"): _fixed(json={"text": "started yoga"}),
    ("POST", "/api/serum-results"): _fixed(json={"mmol_per_l": 0.85}),
    ("POST", "/api/supplements"): _fixed(json={"name": "Mag citrate", "elemental_mg": 150}),
    ("POST", "/api/supplement-doses"): _fixed(json={"product": ANA_NOTES[4]}),
    ("PATCH", "/api/entries/{entry_id}"): _fixed(json={"pain": 5}),
    ("POST", "/api/screenings"): _fixed(json={"answers": {"red_flags": []}}),
    ("POST", "/api/trial"): _fixed(json={"save": False}),
    ("POST", "/api/trial/doses"): _fixed(json={"taken": True}),
    ("POST", "/api/trial/stop"): _fixed(json={"reason": "moving house"}),
    ("POST", "/api/import"): lambda s, v: _csv(),
    ("POST", "/api/restore"): lambda s, v: _backup(),
    ("POST", "/api/delete-everything"): lambda s, v: _confirmed(s, v, form=False),
    ("POST", "/today/food"): _fixed(data={"text": "1 banana"}),
    ("POST", "/today/pain"): _fixed(data={"score": "4"}),
    ("POST", "/today/symptoms"): _fixed(data={"cramps": "2"}),
    ("POST", "/today/event"): _fixed(data={"event": "started yoga"}),
    ("POST", "/today/supplement"): _fixed(data={"product": ANA_NOTES[4]}),
    ("POST", "/supplements/new"): _fixed(
        data={"product_name": "Mag glycinate", "elemental_mg": "100"}
    ),
    ("POST", "/entries/{entry_id}/fix"): _fixed(data={"pain": "5"}),
    ("POST", "/person/edit"): _fixed(data={"name": "Ana", "age": "44", "sex": "female"}),
    ("POST", "/screen"): lambda s, v: _no_red_flags(),
    ("POST", "/screen/questions"): _fixed(data={}),
    ("POST", "/trial"): _fixed(data={"pairs": "3"}),
    ("POST", "/trial/doses"): _fixed(data={"taken": "yes"}),
    ("POST", "/trial/stop"): lambda s, v: {
        "data": {"reason": "moving house", **({} if v == "owner" else {"confirm": "yes"})}
    },
    ("POST", "/data/import"): lambda s, v: _csv(),
    ("POST", "/data/restore"): lambda s, v: _backup(),
    ("POST", "/data/delete"): lambda s, v: _confirmed(s, v, form=True),
    ("POST", "/account/password"): _fixed(
        data={"current_password": "not the password", "password": "a new long phrase"}
    ),
    ("POST", "/api/account/password"): _fixed(
        json={"current_password": "not the password", "password": "a new long phrase"}
    ),
    ("POST", "/account/sharing-code"): _fixed(data={"code": "NOT-A-CODE"}),
    ("POST", "/api/account/sharing-code"): _fixed(json={"code": "NOT-A-CODE"}),
    ("POST", "/sharing/invitations"): _fixed(data={"scope": "summary"}),
    ("POST", "/api/sharing/invitations"): _fixed(json={"scope": "summary"}),
    ("POST", "/notes"): _fixed(data={"text": "Keep walking daily."}),
    ("POST", "/api/notes"): _fixed(json={"text": "Keep walking daily."}),
    # the target account exists only to be disabled (nobody logs in with it)
    ("POST", "/admin/accounts/disable"): _fixed(data={"email": "target@clinic.example"}),
    ("POST", "/api/admin/accounts/disable"): _fixed(json={"email": "target@clinic.example"}),
    ("POST", "/admin/invite"): _fixed(data={"role": "clinician"}),
    ("POST", "/api/admin/invitations"): _fixed(json={"role": "clinician"}),
}
#: These change the session or the cookie: they run on a session of their own.
FRESH_SESSION = {
    ("POST", "/api/login"),
    ("POST", "/login"),
    ("POST", "/api/signup"),
    ("POST", "/signup"),
    ("POST", "/api/logout"),
    ("POST", "/logout"),
    ("POST", "/api/person"),  # a new person is opened in the session
    ("POST", "/welcome"),
}


def _url(scene: Scene, method: str, path: str, visitor: str, client: TestClient) -> str:
    """The path with real ids: Ana's own, never one the visitor was given. The owner changes
    an entry made for the request (the notes must stay for the other visitors' checks), and
    undoes the deletion of one."""
    entry = scene.entry_id
    if visitor == "owner" and ("{entry_id}" in path or path in ("/undo", "/api/entries/undo")):
        made = client.post("/api/pain-entries", json={"score": 2})
        assert made.status_code == 201, made.text
        entry = str(made.json()["id"])
        if "{entry_id}" not in path:
            assert client.delete(f"/api/entries/{entry}").status_code == 200
    invitation, grant = scene.invitation_id, scene.grant_id
    if visitor == "owner" and "{invitation_id}" in path:
        invitation = _invite(scene)
    if visitor == "owner" and "{grant_id}" in path:
        grant = _share(scene.ctx, scene.logins["owner"], scene.ana, "summary", scene.spare)
    return (
        path.replace("{entry_id}", entry)
        .replace("{person_id}", str(scene.ana))
        .replace("{kind}", "csv")
        .replace("{invitation_id}", str(invitation))
        .replace("{grant_id}", str(grant))
    )


def _invite(scene: Scene) -> int:
    """A share invitation of Ana's, not yet used."""
    made = clinic.share_with_clinician(
        scene.ctx, scene.logins["owner"].actor, person_id=scene.ana, scope="summary"
    )
    return made.id


def _hidden_from(visitor: str) -> tuple[str, ...]:
    """Bo's words from everyone; Ana's from all but her diary's readers, except that the
    "summary and reports" scope shows her events and supplements (the report's change
    markers and did-it-help's supplement), never the notes on her entries."""
    if visitor in DIARY_READERS:
        return BO_NOTES
    if visitor == "clinician_summary":
        return (*BO_NOTES, *(n for n in ANA_NOTES if not n.startswith(("ANA-EVENT", "ANA-PILL"))))
    return (*BO_NOTES, *ANA_NOTES)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_each_route_answers_each_visitor_by_its_access_level(
    scene: Scene, method: str, path: str, visitor: str
) -> None:
    assert (method, path) in ACCESS, "no access row: see test_every_route_has_an_access_row"
    level, ok = ACCESS[(method, path)]
    want = expected_status(level, ok, visitor, method, path)
    client = scene.client(visitor, fresh=(method, path) in FRESH_SESSION)
    body = BODIES.get((method, path), _fixed())(scene, visitor)
    response = client.request(method, _url(scene, method, path, visitor, client), **body)
    shown = response.content.decode("utf-8", "replace")
    assert response.status_code == want, f"{visitor}: {response.status_code} {shown[:300]}"
    if visitor == "anonymous" and want == 303 and level != "open":
        assert response.headers["location"] == "/login"
    leaked = [note for note in _hidden_from(visitor) if note in shown]
    assert not leaked, f"{visitor} sees {leaked} on {method} {path}"


def test_the_matrix_covers_every_visitor_and_level() -> None:
    """A visitor or level nobody checks would pass silently: each level has routes, and the
    refusals come from several visitors for each (the matrix is not all 200s)."""
    levels = {level for level, _ in ACCESS.values()}
    assert levels >= {"open", "any", "summary", "diary", "owner"}
    refused = {
        v
        for (m, p), (level, ok) in ACCESS.items()
        for v in VISITORS
        if expected_status(level, ok, v, m, p) in (401, 403)
    }
    assert refused == set(VISITORS)  # the owner too: the dashboard, the admin, a restore
