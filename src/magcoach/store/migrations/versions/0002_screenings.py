"""Screenings: the answers a person gave to `magcoach screen`, kept so the plan and the
report see their red flags, symptoms and serum value.

Revision ID: 0002
Revises: 0001
Create Date: 2026-06-15
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=True),
        sa.Column("urgency", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_screenings_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
    )
    op.create_index(op.f("ix_screenings_deleted_at"), "screenings", ["deleted_at"], unique=False)
    op.create_index(op.f("ix_screenings_person_id"), "screenings", ["person_id"], unique=False)
    op.create_index(op.f("ix_screenings_taken_at"), "screenings", ["taken_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_screenings_taken_at"), table_name="screenings")
    op.drop_index(op.f("ix_screenings_person_id"), table_name="screenings")
    op.drop_index(op.f("ix_screenings_deleted_at"), table_name="screenings")
    op.drop_table("screenings")
