"""``proactive audit``: checking the audit log's hash chain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="The engine's audit log.", no_args_is_help=True)


@app.command("verify")
def verify_command(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="the data dir of an embedded deployment (default: PROACTIVE_DATABASE_URL, "
            "else PROACTIVE_DATA_DIR)"
        ),
    ] = None,
) -> None:
    """Recompute every hash of the audit log; exit 1 naming the first broken entry."""
    from engine.audit.chain import verify
    from engine.config import Settings
    from engine.db import make_engine

    if data_dir is not None:
        url = f"sqlite:///{data_dir / 'engine.db'}"
    else:
        url = Settings().engine_database_url()
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    if path is not None and not Path(path).exists():
        typer.echo(f"error: no engine database at {path}", err=True)
        raise typer.Exit(1)
    engine = make_engine(url)
    try:
        result = verify(engine)
    finally:
        engine.dispose()
    if not result.intact:
        typer.echo(
            f"audit log broken at entry {result.broken_seq}: {result.reason} "
            f"({result.entries} entries before it are intact)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"audit log intact: {result.entries} entries verified")
