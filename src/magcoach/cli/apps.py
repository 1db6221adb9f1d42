"""The Typer applications every command module attaches to.

Kept in one place so that command modules (one per area) never edit each other's files.
Command modules import only typer and the standard library at the top; heavy modules
(numpy, scipy, sqlalchemy, matplotlib, pint) are imported inside the commands so that the
command line starts fast.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from magcoach.cli._values import plain_values
from magcoach.errors import ExitCode, MagcoachError

# Help panels follow the four steps of the journey (DESIGN.md), then the data commands.
PANEL_SCREEN = "1. Screen: could magnesium be part of it? anything urgent?"
PANEL_MEASURE = "2. Measure: what you eat and take, against your need"
PANEL_IMPROVE = "3. Improve: what to change"
PANEL_TRACK = "4. Track: pain, and did it help?"
PANEL_DATA = "Your data: import, export, restore"
PANEL_ORDER = (PANEL_SCREEN, PANEL_MEASURE, PANEL_IMPROVE, PANEL_TRACK, PANEL_DATA)


class MagcoachGroup(TyperGroup):
    """Turns a MagcoachError anywhere below into a plain message and its named exit code,
    and lists commands in the order of the journey's help panels."""

    def list_commands(self, ctx: Any) -> list[str]:
        def step(name: str) -> int:
            panel = getattr(self.commands[name], "rich_help_panel", None)
            return PANEL_ORDER.index(panel) if panel in PANEL_ORDER else len(PANEL_ORDER)

        return sorted(super().list_commands(ctx), key=step)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """`magcoach --help` in plain text, grouped by the journey's panels: Typer's Rich help
        renderer imports Rich, Markdown and Pygments, which costs more start-up than
        everything else the top-level help does. Sub-command help keeps Typer's rendering."""
        if ctx.parent is not None:
            super().format_help(ctx, formatter)
            return
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        width = formatter.width - 6 - max(len(n) for n in self.list_commands(ctx))
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            panel = getattr(command, "rich_help_panel", None) or "Commands"
            sections.setdefault(panel, []).append((name, command.get_short_help_str(width)))
        for panel in (*PANEL_ORDER, *(p for p in sections if p not in PANEL_ORDER)):
            if panel in sections:
                formatter.write_paragraph()
                formatter.write(f"{panel}\n")  # the panel names end in their own punctuation
                formatter.indent()
                formatter.write_dl(sections[panel])
                formatter.dedent()

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        plain_values(self, ctx)  # see cli/_values.py: plain values skip pydantic
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            plain_values(command, ctx)
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MagcoachError as exc:
            from magcoach.cli.common import print_error

            print_error(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            typer.echo("Stopped. Nothing was saved from the unfinished step.", err=True)
            raise typer.Exit(int(ExitCode.CANCELLED)) from None


def _group(help_text: str, **kwargs: Any) -> typer.Typer:
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        cls=MagcoachGroup,
        rich_markup_mode="markdown",
        **kwargs,
    )


app = typer.Typer(
    name="magcoach",
    help=(
        "magcoach: could low magnesium be part of your back pain? Screen, measure, improve, "
        "track. It informs; it does not diagnose."
    ),
    no_args_is_help=True,
    cls=MagcoachGroup,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="markdown",  # help paragraphs reflow instead of keeping source line breaks
)

foods_app = _group("Food database: build it from USDA data, search it, parse amounts.")
person_app = _group("People magcoach advises: add, list, show, edit, choose the default.")
supp_app = _group("Supplement products and doses taken.")
entry_app = _group("Change or delete one diary entry.")
import_app = _group("Import diaries from other apps (Cronometer, Apple Health, CSV).")
export_app = _group("Export the diary (CSV, JSON backup, FHIR).")
plan_app = typer.Typer(
    help="The management plan; `plan foods` for the food plan alone.",
    invoke_without_command=True,
    cls=MagcoachGroup,
    rich_markup_mode="markdown",
)

app.add_typer(foods_app, name="foods", rich_help_panel=PANEL_MEASURE)
app.add_typer(person_app, name="person", rich_help_panel=PANEL_MEASURE)
app.add_typer(supp_app, name="supp", rich_help_panel=PANEL_MEASURE)
app.add_typer(entry_app, name="entry", rich_help_panel=PANEL_MEASURE)
app.add_typer(import_app, name="import", rich_help_panel=PANEL_DATA)
app.add_typer(export_app, name="export", rich_help_panel=PANEL_DATA)
app.add_typer(plan_app, name="plan", rich_help_panel=PANEL_IMPROVE)
