"""``proactive audit``: checking the audit log against its key and its signed checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.config import Settings

app = typer.Typer(help="The engine's audit log.", no_args_is_help=True)

DataDir = Annotated[
    Path | None,
    typer.Option(
        help="the data dir of an embedded deployment (default: PROACTIVE_DATABASE_URL, "
        "else PROACTIVE_DATA_DIR)"
    ),
]
Checkpoints = Annotated[
    Path | None,
    typer.Option(
        help="the file of signed checkpoints (default: PROACTIVE_AUDIT_CHECKPOINTS, else "
        "audit-checkpoints.jsonl in the data dir)"
    ),
]


def _settings(data_dir: Path | None, checkpoints: Path | None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir, "database_url": None})
    if checkpoints is not None:
        settings = settings.model_copy(update={"audit_checkpoints": checkpoints})
    return settings


def _database(settings: Settings) -> str:
    url = settings.engine_database_url()
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
    if path is not None and not Path(path).exists():
        typer.echo(f"error: no engine database at {path}", err=True)
        raise typer.Exit(1)
    return url


@app.command("verify")
def verify_command(data_dir: DataDir = None, checkpoints: Checkpoints = None) -> None:
    """Recompute every MAC of the audit log and match it against the signed checkpoints; exit 1
    naming the first broken entry."""
    from engine.audit.chain import verify
    from engine.audit.checkpoints import CheckpointsInvalid, read_checkpoints
    from engine.db import make_engine

    settings = _settings(data_dir, checkpoints)
    engine = make_engine(_database(settings))
    file = settings.audit_checkpoint_file()
    try:
        signed = read_checkpoints(file, settings.audit_key)
        result = verify(engine, settings.audit_key, signed)
    except CheckpointsInvalid as error:
        typer.echo(f"audit checkpoints broken: {error}", err=True)
        raise typer.Exit(1) from error
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
    if result.legacy:
        typer.echo(f"  {result.legacy} entries from before keying carry plain hashes")
    if not signed:
        typer.echo(f"  no signed checkpoints at {file}: a cut tail cannot be told from a short log")
    elif result.unanchored:
        typer.echo(f"  {result.unanchored} entries are newer than the last signed checkpoint")


@app.command("checkpoint")
def checkpoint_command(data_dir: DataDir = None, checkpoints: Checkpoints = None) -> None:
    """Sign the audit log's current head into the checkpoint file now (the scheduler does so
    every minute)."""
    from datetime import UTC, datetime

    from engine.audit.checkpoints import CheckpointsInvalid, write_checkpoint
    from engine.db import make_engine

    settings = _settings(data_dir, checkpoints)
    engine = make_engine(_database(settings))
    try:
        written = write_checkpoint(
            engine, settings.audit_key, settings.audit_checkpoint_file(), datetime.now(UTC)
        )
    except CheckpointsInvalid as error:
        typer.echo(f"audit checkpoints broken: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    if written is None:
        typer.echo("nothing new to sign")
    else:
        typer.echo(f"signed entry {written.seq} into {settings.audit_checkpoint_file()}")
