"""The store's functions in one namespace, for callers that use several (`service.X`).

Each lives with its entity: `base` (shared rules), `people`, `food`, `supplements`,
`tracking` (pain, check-ins, serum, events), `screenings`, `daily` and `entries`. Every
function takes an open `Session` and the owner's id, and returns plain values; `now` and
`today` are passed in (nothing here reads the clock).
"""

from __future__ import annotations

from magcoach.store.base import (
    ENTRY_KINDS,
    NO_PERSON,
    check_entry_day,
)
from magcoach.store.daily import (
    RecentIntake,
    daily_intake,
    daily_series,
    diary_span,
    recent_average_intake,
)
from magcoach.store.entries import (
    delete_entry,
    get_entry,
    parse_entry_id,
    undo_delete,
)
from magcoach.store.food import (
    add_food_entry,
    clean_nutrients,
    food_entries,
    food_entry_days,
    food_item,
    log_parsed_food,
)
from magcoach.store.people import (
    PERSON_FIELDS,
    add_person,
    check_birth_date,
    default_person_id,
    get_person,
    get_person_by_id,
    list_people,
    match_medicine_class,
    medicines,
    person_from_row,
    requirement_for,
    set_default_person,
    update_person,
)
from magcoach.store.screenings import (
    EXCESS_KEY,
    URGENCIES,
    StoredScreening,
    latest_screening,
    save_screening,
    screenings,
    stored_screening,
)
from magcoach.store.supplements import (
    add_supplement_product,
    supplement_intakes,
    supplement_products,
    take_supplement,
)
from magcoach.store.tracking import (
    SYMPTOMS,
    Event,
    PainPoint,
    add_checkin,
    add_event,
    add_pain,
    add_serum_result,
    checkins,
    daily_pain,
    events,
    pain_series,
    serum_results,
)

__all__ = [
    "ENTRY_KINDS",
    "EXCESS_KEY",
    "NO_PERSON",
    "PERSON_FIELDS",
    "SYMPTOMS",
    "URGENCIES",
    "Event",
    "PainPoint",
    "RecentIntake",
    "StoredScreening",
    "add_checkin",
    "add_event",
    "add_food_entry",
    "add_pain",
    "add_person",
    "add_serum_result",
    "add_supplement_product",
    "check_birth_date",
    "check_entry_day",
    "checkins",
    "clean_nutrients",
    "daily_intake",
    "daily_pain",
    "daily_series",
    "default_person_id",
    "delete_entry",
    "diary_span",
    "events",
    "food_entries",
    "food_entry_days",
    "food_item",
    "get_entry",
    "get_person",
    "get_person_by_id",
    "latest_screening",
    "list_people",
    "log_parsed_food",
    "match_medicine_class",
    "medicines",
    "pain_series",
    "parse_entry_id",
    "person_from_row",
    "recent_average_intake",
    "requirement_for",
    "save_screening",
    "screenings",
    "serum_results",
    "set_default_person",
    "stored_screening",
    "supplement_intakes",
    "supplement_products",
    "take_supplement",
    "undo_delete",
    "update_person",
]
