"""`proactive dead-letters list|retry|discard`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from engine.config import Settings

if TYPE_CHECKING:  # the database layer is imported by the commands: `proactive` starts faster
    from sqlalchemy import Engine

    from engine.clock import SimulatedClock

app = typer.Typer(help="Work that could not be done, with its reason.", no_args_is_help=True)


def _db() -> tuple[Engine, SimulatedClock]:
    from engine.clock import SimulatedClock
    from engine.clock.store import load_offset
    from engine.db import make_engine, migrate

    settings = Settings()
    url = settings.engine_database_url()
    migrate(url)
    db = make_engine(url)
    clock = SimulatedClock()
    load_offset(db, clock)
    return db, clock


@app.command("list")
def list_command(
    status: Annotated[str, typer.Option(help="open, retried, discarded or all")] = "open",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List dead letters."""
    from engine.dead_letters.service import list_letters, view

    if status not in ("open", "retried", "discarded", "all"):
        typer.echo("error: --status must be open, retried, discarded or all", err=True)
        raise typer.Exit(2)
    db, _ = _db()
    letters = [view(x) for x in list_letters(db, None if status == "all" else status)]
    if as_json:
        typer.echo(json.dumps(letters, ensure_ascii=False, indent=2))
        return
    for letter in letters:
        typer.echo(
            f"{letter['id']:>6}  {letter['kind']:<10} {letter['status']:<9} {letter['reason']}"
        )
    typer.echo(f"{len(letters)} dead letter(s)")


@app.command("retry")
def retry_command(letter_id: int) -> None:
    """Put the work back in the queue."""
    _act("retry", letter_id)


@app.command("discard")
def discard_command(letter_id: int) -> None:
    """Close it without doing the work."""
    _act("discard", letter_id)


def _act(action: str, letter_id: int) -> None:
    from engine.dead_letters.service import DeadLetterClosed, DeadLetterNotFound, discard, retry

    db, clock = _db()
    try:
        chosen = retry if action == "retry" else discard
        letter = chosen(db, letter_id, "cli", clock.now())
    except (DeadLetterNotFound, DeadLetterClosed) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"dead letter {letter.id}: {letter.status}")
