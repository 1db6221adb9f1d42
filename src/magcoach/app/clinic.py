"""Sharing with a clinician (shared mode): people owned by accounts, share invitations with a
scope, grants and their revocation, the clinician dashboard, notes, and the access log.

`authorize` is the one gate in front of every read or write of a person's data: the owner may
do anything; a clinician only reads, only people who shared with them, only within the scope
("summary": summary and reports; "diary": the full diary, read-only); an admin has no access
to anyone's diary by being an admin. A refusal never tells whether the person exists. Each
look by someone other than the owner is written to the access log, which the owner reads.

Revocation is a column on the grant that `authorize` reads on every request, so it takes
effect on the next request, on every worker.

How a web request uses this: `accounts.resolve_session(ctx, cookie)` gives the `Actor`;
`authorized_person(ctx, actor, person_id, need, what="day")` gives the person's name, which
is what the other use cases take (`daily.day(ctx, person=ref.name)`). In shared mode never
call a use case with `person=None`: that means the database's default person, not the
actor's.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from magcoach.accounts import security
from magcoach.app.accounts import Actor, Done
from magcoach.app.context import Context
from magcoach.app.views import View, r1
from magcoach.errors import Forbidden, InvalidInput, MagcoachError, NotFound

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from magcoach.app.people import PersonInput, PersonView
    from magcoach.store.models import AccountRow, GrantRow, InvitationRow

Need = Literal["summary", "diary", "write"]
NEEDS = ("summary", "diary", "write")
NO_ACCESS = "There is no such person, or their data is not shared with you."
BAD_CODE = (
    "This invitation code cannot be used: it may have been mistyped, already used, "
    "withdrawn, or be more than 7 days old."
)
MAX_NOTE = 4000
DASHBOARD_DAYS = 14
SORTS = ("attention", "name", "last_entry", "days_logged", "magnesium", "pain")


# ---------------------------------------------------------------- views


class PersonRef(View):
    """A person the actor may act on, and how."""

    id: int
    name: str
    access: str  # "owner" | "summary" | "diary"


class InvitationView(View):
    id: int
    kind: str  # "clinician" | "person" | "share"
    code: str | None  # shown once, when made or re-sent; only its hash is kept
    email: str | None
    person_id: int | None
    scope: str | None
    created_at: datetime
    expires_at: datetime
    sent_count: int


class GrantView(View):
    id: int
    person_id: int
    person: str
    clinician: str  # the clinician's display name
    clinician_email: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None


class SharingView(View):
    """What the owner sees about one person's sharing."""

    person_id: int
    person: str
    grants: list[GrantView]
    pending: list[InvitationView]


class MyPersonView(View):
    id: int
    name: str
    shared_with: list[str]  # clinicians with a live grant


class MyPeopleView(View):
    people: list[MyPersonView]


class NoteView(View):
    id: int
    person_id: int
    author: str
    text: str
    created_at: datetime


class NotesView(View):
    person_id: int
    notes: list[NoteView]


class AccessEntryView(View):
    at: datetime
    who: str
    email: str
    what: str


class AccessLogView(View):
    person_id: int
    person: str
    entries: list[AccessEntryView]


class PatientView(View):
    """One row of the clinician dashboard."""

    person_id: int
    name: str
    scope: str
    shared_since: datetime
    attention: int  # 0 emergency red flag, 1 urgent red flag, 2 too-much signs, 3 above UL, 4 none
    red_flag_urgency: str  # "none" | "urgent" | "emergency" (latest screening)
    red_flags: list[str]
    too_much_signs: list[str]
    screened_at: datetime | None
    last_entry: date | None
    days_logged: int  # of the last DASHBOARD_DAYS
    average_mg: float | None
    requirement_mg: float | None
    percent_of_requirement: float | None
    days_above_ul: int
    above_ul: bool
    did_it_help: str | None
    did_it_help_text: str
    pain_recent: float | None  # mean of the last 14 days
    pain_before: float | None  # mean of the 14 days before
    pain_trend: str | None  # "better" | "worse" | "steady"


class DashboardView(View):
    days: int
    sort: str
    patients: list[PatientView]


# ---------------------------------------------------------------- authorization


def _authorize(
    s: Session, actor: Actor, person_id: int, need: Need, *, now: datetime, what: str | None
) -> PersonRef:
    from magcoach.store import accounts as store
    from magcoach.store.models import PersonRow

    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}")
    own = store.owned_person(s, actor.account_id, person_id)
    if own is not None:
        return PersonRef(id=own.id, name=own.name, access="owner")
    if actor.is_clinician and need != "write":
        grant = store.live_grant(s, actor.account_id, person_id)
        if grant is not None and security.scope_allows(grant.scope, need):
            person = s.get(PersonRow, person_id)
            if person is not None:
                store.log_access(
                    s, person_id=person_id, actor_id=actor.account_id, what=what or need, at=now
                )
                return PersonRef(id=person.id, name=person.name, access=grant.scope)
    raise Forbidden(NO_ACCESS)


def authorized_person(
    ctx: Context, actor: Actor, person_id: int, need: Need, *, what: str | None = None
) -> PersonRef:
    """The person, when `actor` may `need` them (see the module's rules); Forbidden otherwise.
    `what` names the page or action in the access log ("day", "report PDF"...)."""
    with ctx.unit() as s:
        return _authorize(s, actor, person_id, need, now=ctx.clock.now(), what=what)


def authorize(
    ctx: Context, actor: Actor, person_id: int, need: Need, *, what: str | None = None
) -> None:
    authorized_person(ctx, actor, person_id, need, what=what)


def _owned(s: Session, actor: Actor, person_id: int) -> PersonRef:
    """The person, when the actor owns them (sharing, the access log: the owner's only)."""
    from magcoach.store import accounts as store

    own = store.owned_person(s, actor.account_id, person_id)
    if own is None:
        raise Forbidden(NO_ACCESS)
    return PersonRef(id=own.id, name=own.name, access="owner")


# ---------------------------------------------------------------- the owner's people


def add_person(ctx: Context, actor: Actor | None, new: PersonInput) -> PersonView:
    """A person in the actor's account (a parent may keep a child's diary too); without an
    actor (the local mode) simply a person in the diary. Names are unique in the whole
    database (every use case finds a person by name), so a taken name is refused without
    saying whose it is."""
    from magcoach.app import people
    from magcoach.errors import Conflict

    if actor is None:
        if ctx.settings.shared:
            raise Forbidden("Please log in first.")
        return people.add_person(ctx, new)
    try:
        return people.add_person(ctx, new, owner=actor.account_id)
    except Conflict:
        raise Conflict(
            "That name is already in use here; choose another one (add a surname or initial).",
            field="name",
        ) from None


def my_people(ctx: Context, actor: Actor) -> MyPeopleView:
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        rows = store.owned_people(s, actor.account_id)
        return MyPeopleView(
            people=[
                MyPersonView(
                    id=row.id,
                    name=row.name,
                    shared_with=[
                        clinician.display_name
                        for grant, clinician in store.grants_of_person(s, actor.account_id, row.id)
                        if grant.revoked_at is None
                    ],
                )
                for row in rows
            ]
        )


def open_person_id(ctx: Context, actor: Actor) -> int:
    """Whose diary the actor's session has open: the one it chose (authorized again by the
    caller on every request), else the account's first own person (`default_person_id`)."""
    if actor.person_id is not None:
        return actor.person_id
    return default_person_id(ctx, actor)


def default_person_id(ctx: Context, actor: Actor) -> int:
    """Whose diary a session opens when it has not chosen: the account's first own person.
    None of its own (a clinician, an admin, a new account) → NotFound, field "person"."""
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        rows = store.owned_people(s, actor.account_id)
        if rows:
            return rows[0].id
    raise NotFound("Choose whose diary to open first.", field="person")


# ---------------------------------------------------------------- invitations


def _invitation_view(row: InvitationRow, code: str | None) -> InvitationView:
    return InvitationView(
        id=row.id,
        kind=row.kind,
        code=code,
        email=row.email,
        person_id=row.person_id,
        scope=row.scope,
        created_at=row.created_at,
        expires_at=row.expires_at,
        sent_count=row.sent_count,
    )


def _new_invitation(
    ctx: Context,
    s: Session,
    actor: Actor,
    kind: str,
    *,
    email: str | None = None,
    person_id: int | None = None,
    scope: str | None = None,
) -> InvitationView:
    from magcoach.store import accounts as store

    now = ctx.clock.now()
    code = security.new_invitation_code()
    row = store.add_invitation(
        s,
        code_hash=security.digest(code),
        kind=kind,
        created_by=actor.account_id,
        now=now,
        expires_at=now + security.INVITATION_VALID,
        email=security.normalise_email(email) if email else None,
        person_id=person_id,
        scope=scope,
    )
    return _invitation_view(row, code)


def invite_account(
    ctx: Context, actor: Actor, *, role: str, email: str | None = None
) -> InvitationView:
    """An admin invites someone to open an account as a clinician or a person."""
    from magcoach.app.accounts import require_admin

    require_admin(ctx, actor)
    role = security.check_role(role)
    if role == "admin":
        raise InvalidInput("Admins are made by the server's operator, not invited.", field="role")
    with ctx.unit() as s:
        return _new_invitation(ctx, s, actor, role, email=email)


def invite_clinician(ctx: Context, actor: Actor, *, email: str | None = None) -> InvitationView:
    return invite_account(ctx, actor, role="clinician", email=email)


def share_with_clinician(
    ctx: Context, actor: Actor, *, person_id: int, scope: str, email: str | None = None
) -> InvitationView:
    """The owner makes a code (valid 7 days) a clinician uses to see this person's data within
    `scope`: 'summary' (summary and reports) or 'diary' (full diary, read-only)."""
    scope = security.check_scope(scope)
    with ctx.unit() as s:
        ref = _owned(s, actor, person_id)
        return _new_invitation(ctx, s, actor, "share", email=email, person_id=ref.id, scope=scope)


def resend_invitation(ctx: Context, actor: Actor, *, invitation_id: int) -> InvitationView:
    """A new code for an unused invitation, valid 7 days from now; the old code stops working."""
    from magcoach.store import accounts as store

    now = ctx.clock.now()
    with ctx.unit() as s:
        row = store.own_invitation(s, actor.account_id, invitation_id)
        if row is None or row.used_at is not None or row.revoked_at is not None:
            raise Forbidden("There is no open invitation of yours with this number.")
        if row.kind == "share" and row.person_id is not None:
            _owned(s, actor, row.person_id)
        code = security.new_invitation_code()
        row.code_hash = security.digest(code)
        row.expires_at = now + security.INVITATION_VALID
        row.sent_count += 1
        return _invitation_view(row, code)


def cancel_invitation(ctx: Context, actor: Actor, *, invitation_id: int) -> Done:
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        row = store.own_invitation(s, actor.account_id, invitation_id)
        if row is None or row.used_at is not None or row.revoked_at is not None:
            raise Forbidden("There is no open invitation of yours with this number.")
        row.revoked_at = ctx.clock.now()
    return Done(message="Invitation withdrawn; its code no longer works.")


def usable_invitation(s: Session, code: str, *, now: datetime) -> InvitationRow:
    """The invitation a typed code names, if it can still be used; one message for every
    reason it cannot (no oracle for guessing codes)."""
    from magcoach.store import accounts as store

    row = store.invitation_by_hash(s, security.digest(security.normalise_code(code)))
    if row is None or row.used_at is not None or row.revoked_at is not None:
        raise InvalidInput(BAD_CODE, field="code")
    if row.expires_at <= now:
        raise InvalidInput(BAD_CODE, hint="Ask for it to be sent again.", field="code")
    return row


def use_invitation(
    s: Session, row: InvitationRow, account_id: int, *, now: datetime
) -> GrantRow | None:
    """Mark the invitation used by `account_id`; a share becomes a grant (returned)."""
    from magcoach.store import accounts as store
    from magcoach.store.models import AccountRow, PersonRow

    account = s.get(AccountRow, account_id)
    if row.email and account is not None and account.email != row.email:
        raise InvalidInput(
            "This invitation was made for another email address.",
            hint="Sign up or log in with the address it was sent to.",
            field="code",
        )
    grant = None
    if row.kind == "share":
        person = s.get(PersonRow, row.person_id) if row.person_id is not None else None
        if person is None or person.account_id != row.created_by or row.scope is None:
            raise InvalidInput(BAD_CODE, field="code")
        if person.account_id == account_id:
            raise InvalidInput("You cannot share a person with yourself.", field="code")
        grant = store.add_grant(
            s,
            person_id=person.id,
            clinician_id=account_id,
            scope=row.scope,
            now=now,
            invitation_id=row.id,
        )
    row.used_at = now
    row.used_by = account_id
    return grant


def accept_share(ctx: Context, actor: Actor, *, code: str) -> GrantView:
    """A clinician enters a person's share code and from then on sees them (within scope)."""
    from magcoach.store.models import AccountRow, PersonRow

    if not actor.is_clinician:
        raise Forbidden("Only a clinician's account can accept a share invitation.")
    now = ctx.clock.now()
    with ctx.unit() as s:
        row = usable_invitation(s, code, now=now)
        if row.kind != "share":
            raise InvalidInput(BAD_CODE, field="code")
        grant = use_invitation(s, row, actor.account_id, now=now)
        person = s.get(PersonRow, row.person_id)
        clinician = s.get(AccountRow, actor.account_id)
        if grant is None or person is None or clinician is None:  # a share always grants
            raise InvalidInput(BAD_CODE, field="code")
        return _grant_view(grant, person.name, clinician)


def _grant_view(grant: GrantRow, person: str, clinician: AccountRow) -> GrantView:
    return GrantView(
        id=grant.id,
        person_id=grant.person_id,
        person=person,
        clinician=clinician.display_name,
        clinician_email=clinician.email,
        scope=grant.scope,
        created_at=grant.created_at,
        revoked_at=grant.revoked_at,
    )


def revoke_grant(ctx: Context, actor: Actor, *, grant_id: int) -> Done:
    """The owner stops sharing; the clinician's next request is refused."""
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        grant = store.owned_grant(s, actor.account_id, grant_id)
        if grant is None:
            raise Forbidden("There is no sharing of yours with this number.")
        if grant.revoked_at is None:
            grant.revoked_at = ctx.clock.now()
    return Done(message="Sharing stopped: they can no longer see this person's data.")


def sharing(ctx: Context, actor: Actor, *, person_id: int) -> SharingView:
    """Who can see this person (and could, until revoked), and the codes not yet used."""
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        ref = _owned(s, actor, person_id)
        return SharingView(
            person_id=ref.id,
            person=ref.name,
            grants=[
                _grant_view(grant, ref.name, clinician)
                for grant, clinician in store.grants_of_person(s, actor.account_id, ref.id)
            ],
            pending=[
                _invitation_view(row, None)
                for row in store.pending_shares(s, actor.account_id, ref.id, now=ctx.clock.now())
            ],
        )


# ---------------------------------------------------------------- notes and the access log


def add_note(ctx: Context, actor: Actor, *, person_id: int, text: str) -> NoteView:
    """A clinician leaves a note the person reads (the diary itself is never edited)."""
    from magcoach.store import accounts as store

    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("Write the note first.", field="text")
    if len(cleaned) > MAX_NOTE:
        raise InvalidInput(f"A note can be at most {MAX_NOTE} characters.", field="text")
    if not actor.is_clinician:
        raise Forbidden(NO_ACCESS)
    now = ctx.clock.now()
    with ctx.unit() as s:
        _authorize(s, actor, person_id, "summary", now=now, what="wrote a note")
        row = store.add_note(
            s, person_id=person_id, author_id=actor.account_id, text=cleaned, now=now
        )
        return NoteView(
            id=row.id,
            person_id=person_id,
            author=actor.display_name,
            text=row.text,
            created_at=row.created_at,
        )


def notes(ctx: Context, actor: Actor, *, person_id: int) -> NotesView:
    """The owner reads every clinician's notes; a clinician reads their own."""
    from magcoach.store import accounts as store

    now = ctx.clock.now()
    with ctx.unit() as s:
        ref = _authorize(s, actor, person_id, "summary", now=now, what="notes")
        rows = (
            store.notes_for_owner(s, actor.account_id, ref.id)
            if ref.access == "owner"
            else store.notes_by_clinician(s, actor.account_id, ref.id)
        )
        return NotesView(
            person_id=ref.id,
            notes=[
                NoteView(
                    id=note.id,
                    person_id=ref.id,
                    author=author.display_name,
                    text=note.text,
                    created_at=note.created_at,
                )
                for note, author in rows
            ],
        )


def access_log(ctx: Context, actor: Actor, *, person_id: int) -> AccessLogView:
    """Every look at this person's data by someone else: who, what, when (owner only)."""
    from magcoach.store import accounts as store

    with ctx.unit() as s:
        ref = _owned(s, actor, person_id)
        return AccessLogView(
            person_id=ref.id,
            person=ref.name,
            entries=[
                AccessEntryView(at=row.at, who=who.display_name, email=who.email, what=row.what)
                for row, who in store.access_log(s, actor.account_id, ref.id)
            ],
        )


# ---------------------------------------------------------------- the dashboard


def patients(ctx: Context, actor: Actor, *, sort: str = "attention") -> DashboardView:
    """The clinician's patients: those who shared with them, each with the figures of the last
    14 days, the latest screening's red flags and too-much signs, the did-it-help verdict and
    the pain trend. Sorted with red flags and too-much signs first by default."""
    from magcoach.store import accounts as store

    if not actor.is_clinician:
        raise Forbidden("The dashboard is for clinicians' accounts.")
    if sort not in SORTS:
        raise InvalidInput(f"Sort by one of: {', '.join(SORTS)}.", field="sort")
    with ctx.unit() as s:
        shared = [(p.id, g.created_at) for p, g in store.shared_with(s, actor.account_id)]
    rows = []
    for person_id, since in shared:
        try:
            ref = authorized_person(ctx, actor, person_id, "summary", what="dashboard")
        except Forbidden:  # revoked in the meantime
            continue
        rows.append(_patient(ctx, ref, since))
    return DashboardView(days=DASHBOARD_DAYS, sort=sort, patients=sort_patients(rows, sort))


def sort_patients(rows: list[PatientView], sort: str) -> list[PatientView]:
    """'attention' puts red flags, too-much signs and doses above the UL first; the other
    keys sort descending (most recent, most days, most magnesium, most pain), then by name."""
    by_name = sorted(rows, key=lambda p: p.name.lower())
    if sort == "name":
        return by_name
    if sort == "attention":
        return sorted(by_name, key=lambda p: p.attention)

    def value(p: PatientView) -> float:
        if sort == "last_entry":
            return p.last_entry.toordinal() if p.last_entry else float("-inf")
        if sort == "days_logged":
            return p.days_logged
        if sort == "magnesium":
            return p.percent_of_requirement if p.percent_of_requirement is not None else -1
        return p.pain_recent if p.pain_recent is not None else -1

    return sorted(by_name, key=value, reverse=True)


def _patient(ctx: Context, ref: PersonRef, since: datetime) -> PatientView:
    """One dashboard row, from the same use cases the person's own pages use."""
    from magcoach.app import daily, outcomes
    from magcoach.reference import red_flags, too_much_magnesium_signs
    from magcoach.store import service

    today = ctx.clock.today()
    recent = daily.week(ctx, person=ref.name, days=DASHBOARD_DAYS, end=today)
    before = daily.week(
        ctx, person=ref.name, days=DASHBOARD_DAYS, end=today - timedelta(days=DASHBOARD_DAYS)
    )
    with ctx.unit() as s:
        span = service.diary_span(s, ref.id)
        screening = service.latest_screening(s, ref.id)
    try:
        helped = outcomes.did_it_help(ctx, person=ref.name)
        verdict, verdict_text = helped.verdict, helped.verdict_text
    except MagcoachError as exc:  # nothing to compare yet: say why
        verdict, verdict_text = None, exc.message

    flags = red_flags()
    signs = {sign.id: sign.text for sign in too_much_magnesium_signs()}
    flag_ids = screening.answers.red_flags if screening else ()
    sign_ids = screening.too_much_magnesium_signs if screening else ()
    urgency = screening.urgency if screening else "none"
    above_ul = recent.days_above_ul > 0
    attention = (
        0
        if urgency == "emergency"
        else 1
        if urgency == "urgent" or flag_ids
        else 2
        if sign_ids
        else 3
        if above_ul
        else 4
    )
    average = recent.average_total_mg
    requirement = recent.rda_mg
    return PatientView(
        person_id=ref.id,
        name=ref.name,
        scope=ref.access,
        shared_since=since,
        attention=attention,
        red_flag_urgency=urgency,
        red_flags=[flags[i].text if i in flags else i for i in flag_ids],
        too_much_signs=[signs.get(i, i) for i in sign_ids],
        screened_at=screening.taken_at if screening else None,
        last_entry=span[1] if span else None,
        days_logged=recent.logged_days,
        average_mg=average,
        requirement_mg=requirement,
        percent_of_requirement=r1(100 * average / requirement)
        if average is not None and requirement
        else None,
        days_above_ul=recent.days_above_ul,
        above_ul=above_ul,
        did_it_help=verdict,
        did_it_help_text=verdict_text,
        pain_recent=recent.average_pain,
        pain_before=before.average_pain,
        pain_trend=pain_trend(recent.average_pain, before.average_pain),
    )


def pain_trend(
    recent: float | None, before: float | None
) -> Literal["better", "worse", "steady"] | None:
    """Better when mean pain fell by at least the minimal important change of the earlier
    fortnight (2 points or 30%, the rule did-it-help uses); worse when it rose by at least
    that of the later one (the same rule read backwards)."""
    from magcoach.outcomes import minimal_important_change

    if recent is None or before is None:
        return None
    if before - recent >= minimal_important_change(before) > 0:
        return "better"
    if recent - before >= minimal_important_change(recent) > 0:
        return "worse"
    return "steady"
