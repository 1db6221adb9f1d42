"""Initial schema: people, diary entries, supplements, pain, imports.

Revision ID: 0001
Revises:
Create Date: 2026-06-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("age", sa.Float(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("lactating", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(length=4), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("egfr", sa.Float(), nullable=True),
        sa.Column("kidney_disease", sa.Boolean(), nullable=False),
        sa.Column("medicines", sa.JSON(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("drinks_per_day", sa.Float(), nullable=False),
        sa.Column("diet", sa.String(length=20), nullable=False),
        sa.Column("allergies", sa.JSON(), nullable=False),
        sa.Column("wants_weight_loss", sa.Boolean(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name", name=op.f("uq_people_name")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_events_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_at"), "events", ["at"], unique=False)
    op.create_index(op.f("ix_events_deleted_at"), "events", ["deleted_at"], unique=False)
    op.create_index(op.f("ix_events_person_id"), "events", ["person_id"], unique=False)
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_import_batches_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_index(
        op.f("ix_import_batches_person_id"), "import_batches", ["person_id"], unique=False
    )
    op.create_index(op.f("ix_import_batches_sha256"), "import_batches", ["sha256"], unique=False)
    op.create_table(
        "medicines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("matched_class", sa.String(length=100), nullable=True),
        sa.Column("matched_name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_medicines_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medicines")),
    )
    op.create_index(op.f("ix_medicines_person_id"), "medicines", ["person_id"], unique=False)
    op.create_table(
        "serum_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("mmol_per_l", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_serum_results_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_serum_results")),
    )
    op.create_index(
        op.f("ix_serum_results_deleted_at"), "serum_results", ["deleted_at"], unique=False
    )
    op.create_index(
        op.f("ix_serum_results_person_id"), "serum_results", ["person_id"], unique=False
    )
    op.create_table(
        "supplement_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("form_id", sa.String(length=60), nullable=True),
        sa.Column("unit_name", sa.String(length=40), nullable=False),
        sa.Column("elemental_mg_per_unit", sa.Float(), nullable=False),
        sa.Column("label_elemental_mg_per_unit", sa.Float(), nullable=True),
        sa.Column("salt_mg_per_unit", sa.Float(), nullable=True),
        sa.Column("computed_elemental_mg_per_unit", sa.Float(), nullable=True),
        sa.Column("elemental_basis", sa.String(length=20), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_supplement_products_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_products")),
    )
    op.create_index(
        op.f("ix_supplement_products_deleted_at"),
        "supplement_products",
        ["deleted_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_supplement_products_person_id"), "supplement_products", ["person_id"], unique=False
    )
    op.create_table(
        "symptom_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("cramps", sa.Float(), nullable=True),
        sa.Column("spasms", sa.Float(), nullable=True),
        sa.Column("twitches", sa.Float(), nullable=True),
        sa.Column("sleep_quality", sa.Float(), nullable=True),
        sa.Column("fatigue", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_symptom_checkins_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_symptom_checkins")),
    )
    op.create_index(op.f("ix_symptom_checkins_at"), "symptom_checkins", ["at"], unique=False)
    op.create_index(
        op.f("ix_symptom_checkins_deleted_at"), "symptom_checkins", ["deleted_at"], unique=False
    )
    op.create_index(
        op.f("ix_symptom_checkins_person_id"), "symptom_checkins", ["person_id"], unique=False
    )
    op.create_table(
        "food_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("eaten_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("food_id", sa.String(length=40), nullable=True),
        sa.Column("food_description", sa.Text(), nullable=True),
        sa.Column("food_source", sa.String(length=40), nullable=True),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("grams", sa.Float(), nullable=True),
        sa.Column("nutrients", sa.JSON(), nullable=False),
        sa.Column("magnesium_source", sa.String(length=80), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_food_entries_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_food_entries_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_food_entries")),
    )
    op.create_index(
        op.f("ix_food_entries_deleted_at"), "food_entries", ["deleted_at"], unique=False
    )
    op.create_index(op.f("ix_food_entries_eaten_at"), "food_entries", ["eaten_at"], unique=False)
    op.create_index(op.f("ix_food_entries_person_id"), "food_entries", ["person_id"], unique=False)
    op.create_table(
        "imported_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_imported_rows_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_imported_rows_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_rows")),
        sa.UniqueConstraint(
            "person_id", "source", "row_key", name=op.f("uq_imported_rows_person_id")
        ),
    )
    op.create_table(
        "pain_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("pain", sa.Float(), nullable=False),
        sa.Column("activity_interference", sa.Float(), nullable=True),
        sa.Column("sleep_interference", sa.Float(), nullable=True),
        sa.Column("location", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_pain_entries_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_pain_entries_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_entries")),
    )
    op.create_index(op.f("ix_pain_entries_at"), "pain_entries", ["at"], unique=False)
    op.create_index(
        op.f("ix_pain_entries_deleted_at"), "pain_entries", ["deleted_at"], unique=False
    )
    op.create_index(op.f("ix_pain_entries_person_id"), "pain_entries", ["person_id"], unique=False)
    op.create_table(
        "supplement_intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("units", sa.Float(), nullable=False),
        sa.Column("elemental_mg", sa.Float(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_supplement_intakes_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_supplement_intakes_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["supplement_products.id"],
            name=op.f("fk_supplement_intakes_product_id_supplement_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_intakes")),
    )
    op.create_index(
        op.f("ix_supplement_intakes_deleted_at"), "supplement_intakes", ["deleted_at"], unique=False
    )
    op.create_index(
        op.f("ix_supplement_intakes_person_id"), "supplement_intakes", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_supplement_intakes_product_id"), "supplement_intakes", ["product_id"], unique=False
    )
    op.create_index(
        op.f("ix_supplement_intakes_taken_at"), "supplement_intakes", ["taken_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_supplement_intakes_taken_at"), table_name="supplement_intakes")
    op.drop_index(op.f("ix_supplement_intakes_product_id"), table_name="supplement_intakes")
    op.drop_index(op.f("ix_supplement_intakes_person_id"), table_name="supplement_intakes")
    op.drop_index(op.f("ix_supplement_intakes_deleted_at"), table_name="supplement_intakes")
    op.drop_table("supplement_intakes")
    op.drop_index(op.f("ix_pain_entries_person_id"), table_name="pain_entries")
    op.drop_index(op.f("ix_pain_entries_deleted_at"), table_name="pain_entries")
    op.drop_index(op.f("ix_pain_entries_at"), table_name="pain_entries")
    op.drop_table("pain_entries")
    op.drop_table("imported_rows")
    op.drop_index(op.f("ix_food_entries_person_id"), table_name="food_entries")
    op.drop_index(op.f("ix_food_entries_eaten_at"), table_name="food_entries")
    op.drop_index(op.f("ix_food_entries_deleted_at"), table_name="food_entries")
    op.drop_table("food_entries")
    op.drop_index(op.f("ix_symptom_checkins_person_id"), table_name="symptom_checkins")
    op.drop_index(op.f("ix_symptom_checkins_deleted_at"), table_name="symptom_checkins")
    op.drop_index(op.f("ix_symptom_checkins_at"), table_name="symptom_checkins")
    op.drop_table("symptom_checkins")
    op.drop_index(op.f("ix_supplement_products_person_id"), table_name="supplement_products")
    op.drop_index(op.f("ix_supplement_products_deleted_at"), table_name="supplement_products")
    op.drop_table("supplement_products")
    op.drop_index(op.f("ix_serum_results_person_id"), table_name="serum_results")
    op.drop_index(op.f("ix_serum_results_deleted_at"), table_name="serum_results")
    op.drop_table("serum_results")
    op.drop_index(op.f("ix_medicines_person_id"), table_name="medicines")
    op.drop_table("medicines")
    op.drop_index(op.f("ix_import_batches_sha256"), table_name="import_batches")
    op.drop_index(op.f("ix_import_batches_person_id"), table_name="import_batches")
    op.drop_table("import_batches")
    op.drop_index(op.f("ix_events_person_id"), table_name="events")
    op.drop_index(op.f("ix_events_deleted_at"), table_name="events")
    op.drop_index(op.f("ix_events_at"), table_name="events")
    op.drop_table("events")
    op.drop_table("people")
