"""Foods: search the food database and read a free-text entry ("1 cup cooked spinach")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from magcoach.app.context import Context
from magcoach.app.views import View
from magcoach.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from magcoach.foods.model import Food
    from magcoach.foods.parse import ParsedEntry

MAX_SEARCH_RESULTS = 100
#: Portions shown beside a search hit ("quantity not specified" rows are skipped).
PORTIONS_SHOWN = 3


class PortionView(View):
    description: str
    grams: float
    magnesium_mg: float | None


class FoodView(View):
    id: str
    description: str
    source: str
    magnesium_mg_per_100g: float | None
    portions: list[PortionView]

    @classmethod
    def of(cls, food: Food, portions: int | None = None) -> FoodView:
        mg = food.magnesium_mg_per_100g
        shown = [p for p in food.portions if not p.description.lower().startswith("quantity not")]
        return cls(
            id=food.id,
            description=food.description,
            source=food.source,
            magnesium_mg_per_100g=mg,
            portions=[
                PortionView(
                    description=p.description,
                    grams=p.grams,
                    magnesium_mg=None if mg is None else round(mg * p.grams / 100, 1),
                )
                for p in (shown if portions is None else shown[:portions])
            ],
        )


class FoodSearchView(View):
    query: str
    foods: list[FoodView]


class ParsedFoodView(View):
    """A diary line read as a food, an amount in grams and the nutrients in those grams."""

    text: str
    quantity: float
    unit: str | None
    grams: float
    food: FoodView
    portion_used: str | None
    magnesium_mg: float | None
    nutrients: dict[str, float | None]
    alternatives: list[FoodView]

    @classmethod
    def of(cls, entry: ParsedEntry) -> ParsedFoodView:
        return cls(
            text=entry.text,
            quantity=entry.quantity,
            unit=entry.unit,
            grams=round(entry.grams, 2),
            food=FoodView.of(entry.food, PORTIONS_SHOWN),
            portion_used=entry.portion_used,
            magnesium_mg=_round(entry.nutrients.get("magnesium_mg")),
            nutrients={k: _round(v) for k, v in entry.nutrients.items()},
            alternatives=[FoodView.of(f, 0) for f in entry.alternatives],
        )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def search(ctx: Context, query: str, *, limit: int = 10) -> FoodSearchView:
    """Foods matching the words, best first; no match → NotFound with spelling suggestions."""
    if not query.strip():
        raise InvalidInput("The search is empty: type a food, e.g. spinach.", field="q")
    if not 1 <= limit <= MAX_SEARCH_RESULTS:
        raise InvalidInput(f"Ask for 1 to {MAX_SEARCH_RESULTS} results.", field="limit")
    db = ctx.food_db()
    hits = db.search(query, limit)
    if not hits:
        suggestions = db.suggestions(query, 3)
        raise NotFound(
            f"No food matches {query!r}.",
            hint=("Did you mean: " + "; ".join(suggestions) + "?")
            if suggestions
            else "Try fewer or simpler words, e.g. 'almonds' or 'black beans'.",
            field="q",
        )
    return FoodSearchView(query=query, foods=[FoodView.of(h.food, PORTIONS_SHOWN) for h in hits])


def read_entry(
    ctx: Context, text: str, *, pick: int | None = None, grams: float | None = None
) -> ParsedEntry:
    """The one reading of a diary line: the amount, the food (or alternative `pick`, 1-based)
    and, when given, the weight in grams instead of the amount's."""
    from dataclasses import replace

    from magcoach.foods.parse import parse_entry

    if not text.strip():
        raise InvalidInput(
            "The entry is empty: write what you ate, e.g. 1 cup cooked spinach.", field="text"
        )
    db = ctx.food_db()
    parsed = parse_entry(text, db)
    if pick is not None:
        if not 1 <= pick <= len(parsed.alternatives):
            raise InvalidInput(
                f"There are {len(parsed.alternatives)} alternatives; {pick} is not one of them.",
                field="pick",
            )
        parsed = with_food(ctx, parsed, parsed.alternatives[pick - 1])
    if grams is not None:
        check_grams(grams)
        parsed = replace(parsed, grams=grams, nutrients=parsed.food.nutrients_for(grams))
    return parsed


def check_grams(grams: float) -> None:
    if not 0 < grams <= 5000:
        raise InvalidInput("The weight must be more than 0 g and at most 5000 g.", field="grams")


def with_food(ctx: Context, parsed: ParsedEntry, food: Food) -> ParsedEntry:
    """The parsed entry re-pointed at another food (same amount, that food's portions)."""
    from dataclasses import replace

    from magcoach.foods.parse import grams_for

    try:
        grams, portion = grams_for(food, parsed.quantity, parsed.unit, ctx.food_db().units())
    except Exception:  # that food has no portion for this unit: keep the grams
        grams, portion = parsed.grams, parsed.portion_used
    return replace(
        parsed,
        food=food,
        grams=round(grams, 3),
        nutrients=food.nutrients_for(grams),
        portion_used=portion,
    )


def parse(
    ctx: Context, text: str, *, pick: int | None = None, grams: float | None = None
) -> ParsedFoodView:
    """Preview of what logging `text` would record (nothing is stored)."""
    return ParsedFoodView.of(read_entry(ctx, text, pick=pick, grams=grams))
