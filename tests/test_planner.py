"""Food plan (MILP) and food ranking."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from magcoach.planner import (
    FoodFacts,
    FoodPlan,
    FoodPlanLimits,
    InfeasiblePlan,
    PoolFood,
    exclusions_for,
    filter_pool,
    is_branded,
    plan_foods,
    rank_foods,
    tags_for,
    variant_key,
)


def food(food_id: str, mg: float, kcal: float, **kw: Any) -> PoolFood:
    return PoolFood(
        food_id,
        f"1 serving {food_id}",
        100.0,
        mg,
        kcal,
        kw.pop("sugar", 1.0),
        kw.pop("sodium", 10.0),
        group=kw.pop("group", food_id),
        **kw,
    )


POOL = [
    food("greens", 150, 40, group="leafy_greens"),
    food("seeds", 160, 160, tags=frozenset({"seeds"})),
    food("almonds", 77, 164, tags=frozenset({"nuts"})),
    food("beans", 120, 227, group="legumes"),
    food("fish", 82, 223, tags=frozenset({"fish"})),
    food("rice", 60, 40, group="grains"),
]


def test_plan_reaches_target_within_budget_with_whole_servings() -> None:
    plan = plan_foods(POOL, 250, FoodPlanLimits(kcal_budget=300))
    assert isinstance(plan, FoodPlan)
    assert plan.magnesium_mg_added >= 250
    assert plan.added_kcal <= 300
    assert all(isinstance(i.servings, int) and i.servings >= 1 for i in plan.items)
    assert len(plan.items) >= 3  # variety: one food per started 100 mg, at most 3


def test_infeasible_names_the_binding_constraint_and_what_to_relax() -> None:
    result = plan_foods(POOL, 500, FoodPlanLimits(kcal_budget=150))
    assert isinstance(result, InfeasiblePlan)
    assert "energy" in result.binding
    assert result.best_magnesium_mg < 500
    text = " ".join(result.suggestions)
    assert "the energy budget" in text
    needed = int(text.split("about ")[1].split(" kcal")[0])
    relaxed = plan_foods(POOL, 500, FoodPlanLimits(kcal_budget=needed))
    assert isinstance(relaxed, FoodPlan)


def test_sodium_cap_can_bind() -> None:
    salty = [food("soup", 200, 50, sodium=900)]
    result = plan_foods(salty, 90, FoodPlanLimits(max_sodium_mg=600))
    assert isinstance(result, InfeasiblePlan)
    assert result.binding == ("sodium",)


def test_exclusions_for_vegan_with_nut_allergy() -> None:
    ex = exclusions_for("vegan", ["nuts"])
    kept = {f.food_id for f in filter_pool(POOL, ex)}
    assert kept == {"greens", "seeds", "beans", "rice"}
    assert filter_pool(POOL, exclusions_for(extra=["rice"])) == POOL[:5]


def test_tags_from_usda_groups_and_words() -> None:
    assert "fish" in tags_for("Fish, mackerel, Atlantic, cooked", "Finfish and Shellfish Products")
    assert "nuts" in tags_for("Nuts, almonds", "Nut and Seed Products")
    assert "nuts" not in tags_for("Peanut butter, smooth style", "Legumes and Legume Products")
    assert "dairy" not in tags_for("Peanut butter, smooth style", "Legumes and Legume Products")
    assert "gluten" not in tags_for("Buckwheat groats, roasted, cooked", "Cereal Grains and Pasta")
    assert "animal" in tags_for("Beef, ground, cooked", "Beef Products")


def facts(
    fid: str, desc: str, group: str, mg: float, portions: Any, sodium: float = 5
) -> FoodFacts:
    return FoodFacts(fid, desc, group, mg, 500.0, 1.0, sodium, tuple(portions))


def test_ranking_per_serving_skips_non_servings_and_caps_sodium() -> None:
    foods = [
        facts(
            "a",
            "Seeds, pumpkin and squash seed kernels, dried",
            "Nut and Seed Products",
            592,
            [("1 cup", 129.0), ("1 oz", 28.35)],
        ),
        facts("b", "Wheat bran, crude", "Cereal Grains and Pasta", 611, [("1 cup", 58.0)]),
        facts("c", "Spices, basil, dried", "Spices and Herbs", 711, [("1 tsp", 0.7)]),
        facts(
            "d", "Fish sauce, ready-to-serve", "Soups, Sauces, and Gravies", 175, [("1 tbsp", 18.0)]
        ),
        facts("e", "Salty snack", "Snacks", 300, [("1 oz", 28.35)], sodium=3000),
        facts(
            "f", "Rice, brown, long-grain, raw", "Cereal Grains and Pasta", 143, [("1 cup", 185.0)]
        ),
    ]
    ranked = rank_foods(foods)
    assert [r.food_id for r in ranked] == ["a"]
    assert ranked[0].serving == "1 oz"
    assert ranked[0].magnesium_mg == round(592 * 0.2835, 1)
    assert ranked[0].seed_food == "pumpkin seeds"
    assert "e" in {r.food_id for r in rank_foods(foods, max_sodium_mg=None)}


def test_brands_restaurants_and_variants() -> None:
    assert is_branded("Snacks, granola bar, KASHI GOLEAN, chewy, mixed flavors", "Snacks")
    assert is_branded("Vitasoy USA, Organic Nasoya Firm Tofu", "Legumes and Legume Products")
    assert is_branded("Chili, with beans", "Restaurant Foods")
    assert not is_branded("USDA Commodity, beef, canned", "Beef Products")
    assert not is_branded("Seeds, pumpkin and squash seed kernels, dried", "Nut and Seed Products")
    pumpkin = {
        variant_key("Seeds, pumpkin and squash seed kernels, dried"),
        variant_key("Seeds, pumpkin and squash seed kernels, roasted, with salt added"),
        variant_key("Seeds, pumpkin and squash seed kernels, roasted, without salt"),
    }
    assert len(pumpkin) == 1
    assert variant_key("Nuts, almonds, honey roasted, unblanched") != variant_key("Nuts, almonds")
    assert variant_key("Beans, black, mature seeds, cooked") != variant_key("Beans, navy, cooked")


def test_common_scope_keeps_one_unsalted_common_unbranded_row_per_food() -> None:
    seeds = "Nut and Seed Products"
    foods = [
        facts(
            "dried", "Seeds, pumpkin and squash seed kernels, dried", seeds, 592, [("1 oz", 28.35)]
        ),
        facts(
            "salted",
            "Seeds, pumpkin and squash seed kernels, roasted, with salt added",
            seeds,
            600,
            [("1 oz", 28.35)],
        ),
        facts("brand", "Snacks, granola bar, KASHI GOLEAN", "Snacks", 400, [("1 bar", 78.0)]),
        replace(
            facts(
                "rare",
                "Mothbeans, mature seeds, cooked",
                "Legumes and Legume Products",
                100,
                [("1 cup", 70.0)],
            ),
            common=False,
        ),
    ]
    common = rank_foods(foods)
    assert [r.food_id for r in common] == ["dried"]
    assert common[0].variants == 2
    every = rank_foods(foods, scope="all")
    assert {r.food_id for r in every} == {"dried", "salted", "brand", "rare"}
    # a pool food counts as common and shows the pool's serving
    pooled = rank_foods(foods, pool={"rare": ("½ cup cooked mothbeans", 60.0)})
    assert "rare" in {r.food_id for r in pooled}
    assert next(r for r in pooled if r.food_id == "rare").in_pool


def test_beans_mature_seeds_are_not_seeds() -> None:
    beans = tags_for("Beans, black, mature seeds, cooked", "Legumes and Legume Products")
    assert "seeds" not in beans
    assert "seeds" in tags_for("Seeds, chia seeds, dried", "Nut and Seed Products")
