"""The ``proactive`` command."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from engine.audit.cli import app as audit_app
from engine.config import AGENCY_CODES, Settings
from engine.dead_letters.cli import app as dead_letters_app
from engine.processes import scheduler, worker

app = typer.Typer(
    help="proactive: proactive public services on the Kazakhstan model.", no_args_is_help=True
)
token_app = typer.Typer(help="Bearer tokens for development and demos.", no_args_is_help=True)
rules_app = typer.Typer(help="Check, test and explain rules.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(rules_app, name="rules")
app.add_typer(dead_letters_app, name="dead-letters")
app.command()(worker)
app.command()(scheduler)
app.add_typer(audit_app, name="audit")


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    data_dir: Annotated[Path, typer.Option(help="folder for every SQLite file")] = Path("data"),
    population: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="persons to generate")
    ] = 2000,
    seed: Annotated[int, typer.Option(help="seed of the synthetic population")] = 2026,
    no_scenario: Annotated[
        bool, typer.Option("--no-scenario", help="no automatic life events")
    ] = False,
) -> None:
    """Everything in one process: registries, engine, scheduler and dashboard on SQLite."""
    import uvicorn

    from engine.embedded import build_demo

    _logging()
    loopback = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    settings = Settings(
        mode="demo",
        data_dir=data_dir,
        host=host,
        port=port,
        population=population,
        seed=seed,
        registries_url=f"http://{loopback}:{port}/registries",
    )
    web = build_demo(settings, scenario=not no_scenario)
    typer.echo(f"proactive demo on http://{loopback}:{port}  (data in {data_dir})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def serve() -> None:
    """The HTTP API and dashboard of a distributed deployment (no background jobs)."""
    import uvicorn

    from engine.app import build_services, create_app

    _logging()
    settings = Settings()
    try:
        settings.check_secret()
    except RuntimeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    uvicorn.run(create_app(build_services(settings)), host=settings.host, port=settings.port)


@token_app.command("citizen")
def token_citizen(iin: Annotated[str, typer.Argument(help="the citizen's 12-digit IIN")]) -> None:
    """Print a bearer token for a citizen."""
    from engine.auth.tokens import Principal
    from engine.kernel.iin import iin_problem

    problem = iin_problem(iin)
    if problem is not None:
        typer.echo(f"error: IIN {iin!r} is invalid: {problem}", err=True)
        raise typer.Exit(2)
    typer.echo(_issue(Principal(kind="citizen", subject=iin)))


@token_app.command("official")
def token_official(
    agency: Annotated[str, typer.Argument(help="agency code, or control_room")],
    role: Annotated[str, typer.Option(help="the official's role")] = "officer",
) -> None:
    """Print a bearer token for an official of an agency."""
    from engine.auth.tokens import Principal

    if agency not in AGENCY_CODES:
        typer.echo(f"error: unknown agency {agency!r}; one of: {', '.join(AGENCY_CODES)}", err=True)
        raise typer.Exit(2)
    typer.echo(_issue(Principal(kind="official", subject=agency, role=role)))


def _issue(principal: object) -> str:
    from datetime import UTC, datetime

    from engine.auth.tokens import Principal, issue

    assert isinstance(principal, Principal)
    settings = Settings()
    return issue(
        principal, settings.secret, datetime.now(UTC), timedelta(hours=settings.token_ttl_hours)
    )


def _selected(paths: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """Rule files named outside the rules folder, and every path given (for filtering)."""
    settings = Settings()
    extra: list[Path] = []
    for path in paths or []:
        if path.is_file() and path.suffix == ".yaml":
            inside = settings.rules_dir.resolve() in path.resolve().parents
            if not inside and settings.life_events_dir.resolve() not in path.resolve().parents:
                extra.append(path)
    return extra, list(paths or [])


def _wanted(file: str | Path, paths: list[Path]) -> bool:
    if not paths:
        return True
    target = Path(file).resolve()
    return any(target == p.resolve() or p.resolve() in target.parents for p in paths)


def _load(paths: list[Path] | None) -> object:
    from engine.kernel.catalogue import load_catalogue

    settings = Settings()
    extra, _ = _selected(paths)
    return load_catalogue(settings.rules_dir, settings.life_events_dir, extra_rule_files=extra)


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="rule files or folders")] = None,
    warnings: Annotated[
        bool, typer.Option("--warnings", "-w", help="also list warnings (values running out)")
    ] = False,
) -> None:
    """Exit 0 when every rule, life event and parameter file is valid; else one line per problem."""
    from engine.kernel.catalogue import Catalogue

    catalogue = _load(paths)
    assert isinstance(catalogue, Catalogue)
    wanted = list(paths or [])
    shown = [p for p in catalogue.problems if _wanted(p.file, wanted)]
    noted = [w for w in catalogue.warnings if _wanted(w.file, wanted)]
    for warning in noted if warnings else []:
        typer.echo(str(warning), err=True)
    if noted and not warnings:
        typer.echo(f"{len(noted)} warnings (list them with --warnings)", err=True)
    for problem in shown:
        typer.echo(str(problem))
    if shown:
        raise typer.Exit(1)
    typer.echo(
        f"{len(catalogue.rules)} rules, {len(catalogue.life_events)} life events, "
        f"{len(catalogue.parameters.parameters)} parameters: valid"
    )


@rules_app.command("test")
def rules_test(
    paths: Annotated[list[Path] | None, typer.Argument(help="rule files or folders")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="list every test")] = False,
) -> None:
    """Run the test cases written in the rule files; prints 'N passed, M failed' last."""
    from engine.kernel.catalogue import Catalogue
    from engine.kernel.testing import run_rule_tests

    catalogue = _load(paths)
    assert isinstance(catalogue, Catalogue)
    wanted = list(paths or [])
    broken = [p for p in catalogue.problems if _wanted(p.file, wanted)]
    for problem in broken:
        typer.echo(str(problem))
    passed = 0
    failed = len({p.file for p in broken})
    for rule_id, source in sorted(catalogue.sources.items()):
        if not _wanted(source, wanted) or rule_id in catalogue.kept:
            continue
        for result in run_rule_tests(catalogue, rule_id):
            if result.passed:
                passed += 1
                if verbose:
                    typer.echo(str(result))
            else:
                failed += 1
                typer.echo(str(result))
    typer.echo(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
