"""Personal trials: the design of a randomised on/off magnesium trial and its daily doses.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("washin_days", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.String(length=20), nullable=False),
        sa.Column("dose_mg", sa.Float(), nullable=False),
        sa.Column("dose_times", sa.JSON(), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("placebo", sa.Boolean(), nullable=False),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("stop_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_trials_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trials")),
    )
    op.create_index(op.f("ix_trials_person_id"), "trials", ["person_id"], unique=False)
    op.create_table(
        "trial_doses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trial_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("taken", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["trial_id"],
            ["trials.id"],
            name=op.f("fk_trial_doses_trial_id_trials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trial_doses")),
        sa.UniqueConstraint("trial_id", "day", name=op.f("uq_trial_doses_trial_id")),
    )
    op.create_index(op.f("ix_trial_doses_trial_id"), "trial_doses", ["trial_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_trial_doses_trial_id"), table_name="trial_doses")
    op.drop_table("trial_doses")
    op.drop_index(op.f("ix_trials_person_id"), table_name="trials")
    op.drop_table("trials")
