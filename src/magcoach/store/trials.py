"""Personal trials in the store: save a design, find the person's current trial, record a
day's dose, stop early. Every query names the person (or a trial already found for them), so
no call can read someone else's trial."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.errors import Conflict, InvalidInput, NotFound
from magcoach.store.models import TrialDoseRow, TrialRow
from magcoach.trial import Arm, TrialDesign

NO_TRIAL = "No magnesium trial yet: plan one first."


@dataclass(frozen=True)
class StoredTrial:
    id: int
    design: TrialDesign
    created_at: datetime
    stopped_on: date | None
    stop_reason: str | None


def _stored(row: TrialRow) -> StoredTrial:
    design = TrialDesign(
        start=row.start_date,
        pairs=row.pairs,
        period_days=row.period_days,
        washin_days=row.washin_days,
        seed=int(row.seed),
        sequence=tuple(Arm(letter) for letter in row.sequence),
        dose_mg=row.dose_mg,
        dose_times=tuple(str(t) for t in row.dose_times),
        form=row.form,
        placebo=row.placebo,
    )
    return StoredTrial(row.id, design, row.created_at, row.stopped_on, row.stop_reason)


def _rows(session: Session, person_id: int) -> list[TrialRow]:
    return list(
        session.scalars(
            select(TrialRow).where(TrialRow.person_id == person_id).order_by(TrialRow.id.desc())
        )
    )


def is_open(trial: StoredTrial, today: date) -> bool:
    """Not stopped and not yet past its last day."""
    return trial.stopped_on is None and today <= trial.design.end


def latest_trial(session: Session, person_id: int) -> StoredTrial | None:
    """The person's most recent trial (running, finished or stopped), or None."""
    rows = _rows(session, person_id)
    return _stored(rows[0]) if rows else None


def current_trial(session: Session, person_id: int) -> StoredTrial:
    """The most recent trial, or NotFound with how to plan one."""
    trial = latest_trial(session, person_id)
    if trial is None:
        raise NotFound(NO_TRIAL)
    return trial


def save_trial(
    session: Session, person_id: int, design: TrialDesign, *, today: date, now: datetime
) -> StoredTrial:
    """Save a new trial; refused while another one is still open."""
    latest = latest_trial(session, person_id)
    if latest is not None and is_open(latest, today):
        raise Conflict(
            f"A magnesium trial is already planned or running ({latest.design.start} to "
            f"{latest.design.end}).",
            hint="Stop it first, saying why.",
            field="trial",
        )
    row = TrialRow(
        person_id=person_id,
        start_date=design.start,
        pairs=design.pairs,
        period_days=design.period_days,
        washin_days=design.washin_days,
        seed=str(design.seed),
        sequence="".join(a.value for a in design.sequence),
        dose_mg=design.dose_mg,
        dose_times=list(design.dose_times),
        form=design.form,
        placebo=design.placebo,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _stored(row)


def record_dose(
    session: Session, trial: StoredTrial, day: date, taken: bool, *, now: datetime
) -> None:
    """Whether the trial magnesium was taken on `day` (a second record for a day replaces
    the first)."""
    design = trial.design
    if design.day(day) is None:
        raise InvalidInput(
            f"{day} is not a day of the trial ({design.start} to {design.end}).",
        )
    if trial.stopped_on is not None and day > trial.stopped_on:
        raise InvalidInput(f"The trial was stopped on {trial.stopped_on}; {day} is after that.")
    row = session.scalar(
        select(TrialDoseRow).where(TrialDoseRow.trial_id == trial.id, TrialDoseRow.day == day)
    )
    if row is None:
        session.add(
            TrialDoseRow(trial_id=trial.id, day=day, taken=taken, created_at=now, updated_at=now)
        )
    else:
        row.taken = taken
        row.updated_at = now
    session.flush()


def doses(session: Session, trial: StoredTrial) -> dict[date, bool]:
    """Recorded doses of the trial by day: True taken, False skipped."""
    rows = session.scalars(select(TrialDoseRow).where(TrialDoseRow.trial_id == trial.id))
    return {row.day: row.taken for row in rows}


def stop_trial(
    session: Session, person_id: int, trial: StoredTrial, day: date, reason: str, *, now: datetime
) -> StoredTrial:
    """End the trial early on `day` with the person's reason."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Say why the trial stops.",
            hint="The reason goes into the result and the report (e.g. 'diarrhoea', "
            "'started physiotherapy').",
            field="reason",
        )
    if trial.stopped_on is not None:
        raise Conflict(f"The trial was already stopped on {trial.stopped_on}.")
    if day > trial.design.end:
        raise Conflict(f"The trial already finished on {trial.design.end}; nothing to stop.")
    row = session.scalar(
        select(TrialRow).where(TrialRow.id == trial.id, TrialRow.person_id == person_id)
    )
    if row is None:
        raise NotFound(NO_TRIAL)
    row.stopped_on = max(day, trial.design.start)
    row.stop_reason = reason[:2000]
    row.updated_at = now
    session.flush()
    return _stored(row)


def merged_doses(recorded: Mapping[date, bool], supplement_days: set[date]) -> dict[date, bool]:
    """Recorded trial doses, plus days with a supplement logged in the diary counted as
    taken where nothing was recorded for the trial itself."""
    merged = {day: True for day in supplement_days}
    merged.update(recorded)
    return merged


__all__ = [
    "NO_TRIAL",
    "StoredTrial",
    "current_trial",
    "doses",
    "is_open",
    "latest_trial",
    "merged_doses",
    "record_dose",
    "save_trial",
    "stop_trial",
]
