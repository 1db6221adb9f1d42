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
    confidence: str  # "high", "medium" or "low": how sure the food match is
    notes: list[str]  # why it is less than high, and which release a disputed value is from
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
            confidence=entry.confidence,
            notes=[n for n in (*entry.notes, entry.food.value_note) if n],
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


def read_meal(
    ctx: Context, text: str, *, pick: int | None = None, grams: float | None = None
) -> list[ParsedEntry]:
    """A diary line as the foods it names: one entry per food ("toast with peanut butter" is
    two), never a part dropped. `pick` and `grams` correct a line that names one food."""
    from magcoach.foods import parse_meal

    if not text.strip():
        raise InvalidInput(
            "The entry is empty: write what you ate, e.g. 1 cup cooked spinach.", field="text"
        )
    foods = parse_meal(text, ctx.food_db())
    if len(foods) > 1 and (pick is not None or grams is not None):
        raise InvalidInput(
            f"{text!r} names {len(foods)} foods; an alternative or a weight corrects one food. "
            "Log the foods one at a time, or correct each entry after logging.",
            field="pick" if pick is not None else "grams",
        )
    if pick is not None or grams is not None:
        return [_corrected(ctx, foods[0], pick=pick, grams=grams)]
    return foods


def _corrected(
    ctx: Context, parsed: ParsedEntry, *, pick: int | None, grams: float | None
) -> ParsedEntry:
    from dataclasses import replace

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


def read_entry(
    ctx: Context, text: str, *, pick: int | None = None, grams: float | None = None
) -> ParsedEntry:
    """The one reading of a diary line: the amount, the food (or alternative `pick`, 1-based)
    and, when given, the weight in grams instead of the amount's."""
    from magcoach.foods.parse import parse_entry

    if not text.strip():
        raise InvalidInput(
            "The entry is empty: write what you ate, e.g. 1 cup cooked spinach.", field="text"
        )
    return _corrected(ctx, parse_entry(text, ctx.food_db()), pick=pick, grams=grams)


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


# ---------------------------------------------------------------- foods rich in magnesium

RANK_BY = ("serving", "100kcal", "100g")
MAX_RICH_FOODS = 500
#: Where "common foods" come from: SR foods whose head words FNDDS names (what people report
#: eating) or that the curated pool serves, one row per food.
RICH_SOURCES = ("SR Legacy", "SR28")


class RichFoodView(View):
    food_id: str
    description: str
    serving: str
    grams: float
    magnesium_mg: float
    kcal: float | None
    sugars_g: float | None
    sodium_mg: float | None
    magnesium_mg_per_100kcal: float | None
    magnesium_mg_per_100g: float
    seed_food: str | None  # the seed-food list entry this food stands for
    in_pool: bool  # one of the curated foods the food plan chooses from
    recommended: bool  # a food the plan recommends (a seed food or in the curated pool)
    tags: list[str]
    variants: int


class RichFoodsView(View):
    per: str
    diet: str
    excluded: list[str]
    max_sodium_mg: float
    max_kcal: float | None
    scope: str  # "common" or "all"
    scope_note: str
    foods: list[RichFoodView]


def rich(
    ctx: Context,
    *,
    per: str = "serving",
    diet: str = "omnivore",
    exclude: tuple[str, ...] = (),
    max_sodium_mg: float = 400.0,
    max_kcal: float | None = None,
    limit: int = 20,
    show_all: bool = False,
) -> RichFoodsView:
    """Magnesium-rich foods ranked per realistic serving (or per 100 kcal / 100 g), filtered
    to a diet, allergies, sodium and energy per serving."""
    from magcoach.planner import DIET_EXCLUDES, FoodFacts, exclusions_for, rank_foods
    from magcoach.reference.plan_data import food_pool

    if per not in RANK_BY:
        raise InvalidInput(f"Rank per serving, 100kcal or 100g, not {per!r}.", field="per")
    if diet not in DIET_EXCLUDES:
        raise InvalidInput(f"Unknown diet {diet!r}: use {', '.join(DIET_EXCLUDES)}.", field="diet")
    if not 1 <= limit <= MAX_RICH_FOODS:
        raise InvalidInput(f"Show 1 to {MAX_RICH_FOODS} foods.", field="limit")
    if max_sodium_mg < 0:
        raise InvalidInput("The sodium cap cannot be negative.", field="max_sodium_mg")
    if max_kcal is not None and max_kcal <= 0:
        raise InvalidInput("The energy cap must be more than 0 kcal.", field="max_kcal")
    excluded = [w.strip() for w in exclude if w.strip()]
    exclusions = exclusions_for(diet, extra=excluded)
    db = ctx.food_db()
    foods = db.foods_from(RICH_SOURCES, with_magnesium=True)
    common = None if show_all else db.named_in(RICH_SOURCES)
    facts = [
        FoodFacts(
            food_id=food.id,
            description=food.description,
            group=food.group,
            magnesium_mg=food.nutrients_per_100g.get("magnesium_mg"),
            kcal=food.nutrients_per_100g.get("energy_kcal"),
            sugars_g=food.nutrients_per_100g.get("sugars_g"),
            sodium_mg=food.nutrients_per_100g.get("sodium_mg"),
            portions=tuple((p.description, p.grams) for p in food.portions),
            common=common is None or food.id in common,
        )
        for food in foods
    ]
    ranked = rank_foods(
        facts,
        per=per,  # type: ignore[arg-type]
        exclusions=exclusions,
        max_sodium_mg=max_sodium_mg,
        limit=MAX_RICH_FOODS if max_kcal is not None else limit,
        scope="all" if show_all else "common",
        pool={entry.food_id: (entry.serving, entry.grams) for entry in food_pool()},
    )
    if max_kcal is not None:  # unknown energy is not zero: such foods are left out too
        ranked = [r for r in ranked if r.kcal is not None and r.kcal <= max_kcal][:limit]
    return RichFoodsView(
        per=per,
        diet=diet,
        excluded=excluded,
        max_sodium_mg=max_sodium_mg,
        max_kcal=max_kcal,
        scope="all" if show_all else "common",
        scope_note="every USDA food that is a serving (brands, restaurant foods and variants "
        "included)"
        if show_all
        else "common foods, one row per food, no brands or restaurant foods",
        foods=[
            RichFoodView(
                food_id=r.food_id,
                description=r.description,
                serving=r.serving,
                grams=r.grams,
                magnesium_mg=r.magnesium_mg,
                kcal=r.kcal,
                sugars_g=r.sugars_g,
                sodium_mg=r.sodium_mg,
                magnesium_mg_per_100kcal=r.magnesium_mg_per_100kcal,
                magnesium_mg_per_100g=r.magnesium_mg_per_100g,
                seed_food=r.seed_food,
                in_pool=r.in_pool,
                recommended=bool(r.seed_food or r.in_pool),
                tags=list(r.tags),
                variants=r.variants,
            )
            for r in ranked
        ],
    )
