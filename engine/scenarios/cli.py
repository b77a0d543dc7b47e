"""``proactive scenario``: run scenario files against an embedded demo or a deployment, and
publish the format's JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Journeys as data: run scenario files.", no_args_is_help=True)

SCHEMA_FILE = Path("docs/scenario.schema.json")


@app.command("run")
def run(
    paths: Annotated[list[Path], typer.Argument(help="scenario files or folders of them")],
    against: Annotated[
        str | None,
        typer.Option(
            help="base URL of a running deployment (tokens are signed with PROACTIVE_SECRET); "
            "default: an embedded demo started for the run"
        ),
    ] = None,
    junit: Annotated[Path | None, typer.Option(help="write JUnit XML here for CI")] = None,
    population: Annotated[
        int, typer.Option(min=100, max=100_000, help="people in the embedded demo")
    ] = 1500,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="show the engine's log lines as it works")
    ] = False,
) -> None:
    """Run the scenarios; exit 1 when any expectation fails, 2 when a file is refused."""
    import asyncio
    import logging

    from engine.config import Settings
    from engine.iinmask import configure_logging
    from engine.scenarios.load import load_all
    from engine.scenarios.report import lines, summary, write_junit
    from engine.scenarios.session import run_all

    configure_logging(logging.INFO if verbose else logging.ERROR)
    loaded, problems = load_all(paths)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        if junit is not None:
            write_junit(junit, [], problems)
        typer.echo(f"refused: {len(problems)} problem(s); nothing was run", err=True)
        raise typer.Exit(2)
    settings = Settings()
    if against is not None:
        results = asyncio.run(run_all(against, settings.secret, loaded))
    else:
        from engine.scenarios.embedded import embedded_demo

        typer.echo("starting an embedded demo for the run…")
        with embedded_demo(settings, population=population) as demo:
            results = asyncio.run(run_all(demo.base_url, demo.settings.secret, loaded))
    for result in results:
        typer.echo("\n".join(lines(result)))
    typer.echo(summary(results))
    if junit is not None:
        write_junit(junit, results, [])
        typer.echo(f"wrote {junit}")
    raise typer.Exit(0 if all(r.passed for r in results) else 1)


@app.command("schema")
def schema(
    output: Annotated[Path, typer.Option(help="where to write it")] = SCHEMA_FILE,
    check: Annotated[bool, typer.Option("--check", help="exit 1 when it is stale")] = False,
) -> None:
    """Write (or check) the JSON Schema of scenario files."""
    from engine.scenarios.schema_file import schema_text

    text = schema_text()
    if check:
        stale = not output.exists() or output.read_text(encoding="utf-8") != text
        if stale:
            typer.echo(f"{output}: stale, run: proactive scenario schema")
        raise typer.Exit(1 if stale else 0)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}")
