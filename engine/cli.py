"""The ``proactive`` command."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from engine.audit.cli import app as audit_app
from engine.config import AGENCY_CODES, Settings
from engine.dead_letters.cli import app as dead_letters_app
from engine.iinmask import configure_logging
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


# Options of the mock registries, shared by ``demo`` and ``registries``.
ScenarioRate = Annotated[
    float, typer.Option(min=0.1, max=600, help="automatic life events per minute")
]
FaultErrorRate = Annotated[
    float, typer.Option(min=0, max=1, help="fault: share of requests failing with 500/503")
]
FaultLatency = Annotated[
    int, typer.Option(min=0, max=60_000, help="fault: milliseconds added to every answer")
]
FaultDuplicateRate = Annotated[
    float, typer.Option(min=0, max=1, help="fault: share of feed events delivered twice")
]
FaultReorder = Annotated[
    bool, typer.Option("--fault-reorder", help="fault: feed events shuffled within a page")
]
FaultOutage = Annotated[
    bool, typer.Option("--fault-outage", help="fault: every registry answers 503")
]
FaultMissingFields = Annotated[
    float, typer.Option(min=0, max=1, help="fault: share of optional fields left out")
]
FaultIinMismatch = Annotated[
    float,
    typer.Option(min=0, max=1, help="fault: share of new IINs not encoding the birth date"),
]
FaultSeed = Annotated[int | None, typer.Option(help="seed of the fault dice")]
FaultsIn = Annotated[
    list[str] | None,
    typer.Option(help="registry the fault options apply to (repeat; default: all)"),
]


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
    scenario_rate: ScenarioRate = 12.0,
    fault_error_rate: FaultErrorRate = 0.0,
    fault_latency_ms: FaultLatency = 0,
    fault_duplicate_rate: FaultDuplicateRate = 0.0,
    fault_reorder: FaultReorder = False,
    fault_outage: FaultOutage = False,
    fault_missing_fields_rate: FaultMissingFields = 0.0,
    fault_iin_date_mismatch_rate: FaultIinMismatch = 0.0,
    fault_seed: FaultSeed = None,
    faults_in: FaultsIn = None,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="listen on an interface other than loopback: the demo's endpoints that need "
            "no token (citizen sign-in, clock, SMS) then answer anyone who can reach it",
        ),
    ] = False,
) -> None:
    """Everything in one process: registries, engine, scheduler and dashboard on SQLite."""
    import uvicorn

    from engine.embedded import build_demo
    from mock_registries.common.faults import FaultSettings
    from mock_registries.serve import RegistryOptions

    configure_logging()
    if not _is_loopback(host):
        if not allow_remote:
            typer.echo(
                f"error: --host {host} is reachable from the network, and the demo signs anyone "
                "in as any citizen and lets anyone move its clock; pass --allow-remote to do so "
                "anyway, or keep the default 127.0.0.1",
                err=True,
            )
            raise typer.Exit(2)
        typer.echo(
            f"warning: the demo listens on {host}: anyone who can reach it may sign in as any "
            "citizen, move the clock and send SMS replies (demo data only; never real data)",
            err=True,
        )
    registries = RegistryOptions(
        population=population,
        seed=seed,
        scenario=not no_scenario,
        scenario_rate=scenario_rate,
        faults=FaultSettings(
            error_rate=fault_error_rate,
            latency_ms=fault_latency_ms,
            duplicate_rate=fault_duplicate_rate,
            reorder=fault_reorder,
            outage=fault_outage,
            missing_fields_rate=fault_missing_fields_rate,
            iin_date_mismatch_rate=fault_iin_date_mismatch_rate,
            seed=fault_seed,
        ),
        faults_in=faults_in,
    )
    loopback = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    settings = Settings(
        mode="demo",
        data_dir=data_dir,
        host=host,
        port=port,
        population=population,
        seed=seed,
        registries_url=f"http://{loopback}:{port}/registries",
        demo_remote=allow_remote,
    )
    try:
        web = build_demo(settings, scenario=not no_scenario, registries=registries)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"proactive demo on http://{loopback}:{port}  (SQLite files in {data_dir}/)")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command()
def serve() -> None:
    """The HTTP API and dashboard of a distributed deployment (no background jobs)."""
    import uvicorn

    from engine.app import build_services, create_app

    configure_logging()
    settings = Settings()
    try:
        settings.check_secret()
        settings.check_audit_key()
    except RuntimeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    if settings.demo_features and settings.demo_remote:
        typer.echo(
            "warning: PROACTIVE_DEMO_REMOTE is on: anyone who can reach this server may sign in "
            "as any citizen and move the clock (demo data only; never real data)",
            err=True,
        )
    uvicorn.run(create_app(build_services(settings)), host=settings.host, port=settings.port)


@app.command()
def registries(
    only: Annotated[
        list[str] | None, typer.Option(help="a registry to run (repeat; default: all)")
    ] = None,
    host: Annotated[str | None, typer.Option(help="interface to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="folder for the SQLite files (without PostgreSQL)")
    ] = None,
    population: Annotated[
        int | None, typer.Option(min=1, max=1_000_000, help="persons to generate")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="seed of the synthetic population")] = None,
    peers_url: Annotated[
        str | None, typer.Option(help="where the registries not run here answer")
    ] = None,
    no_scenario: Annotated[
        bool, typer.Option("--no-scenario", help="no automatic life events")
    ] = False,
    scenario_rate: ScenarioRate = 12.0,
    fault_error_rate: FaultErrorRate = 0.0,
    fault_latency_ms: FaultLatency = 0,
    fault_duplicate_rate: FaultDuplicateRate = 0.0,
    fault_reorder: FaultReorder = False,
    fault_outage: FaultOutage = False,
    fault_missing_fields_rate: FaultMissingFields = 0.0,
    fault_iin_date_mismatch_rate: FaultIinMismatch = 0.0,
    fault_seed: FaultSeed = None,
    faults_in: FaultsIn = None,
) -> None:
    """Mock registries as a process of their own, under /registries/NAME (each on its own
    database: SQLite in the data dir, or PROACTIVE_REGISTRY_DATABASE_URL with {registry})."""
    import uvicorn

    from engine.clock import SimulatedClock
    from mock_registries.common.faults import FaultSettings
    from mock_registries.serve import RegistryOptions, build_bundle, registries_site

    configure_logging()
    settings = Settings()
    updates = {"host": host, "port": port, "data_dir": data_dir, "population": population}
    updates |= {"seed": seed, "registries_url": peers_url}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v is not None})
    options = RegistryOptions(
        only=only,
        population=settings.population,
        seed=settings.seed,
        scenario=not no_scenario,
        scenario_rate=scenario_rate,
        faults=FaultSettings(
            error_rate=fault_error_rate,
            latency_ms=fault_latency_ms,
            duplicate_rate=fault_duplicate_rate,
            reorder=fault_reorder,
            outage=fault_outage,
            missing_fields_rate=fault_missing_fields_rate,
            iin_date_mismatch_rate=fault_iin_date_mismatch_rate,
            seed=fault_seed,
        ),
        faults_in=faults_in,
    )
    clock = SimulatedClock()
    try:
        settings.check_secret()
        bundle = build_bundle(
            options,
            settings.registry_url_for,
            clock.now,
            peers_url=settings.registries_url,
            secret=settings.secret,
            demo_features=settings.demo_features,
        )
    except (RuntimeError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error

    def report(message: str) -> None:
        typer.echo(message, err=True)

    site = registries_site(bundle, options, settings.secret, clock.now, report)
    typer.echo(
        f"mock registries {', '.join(bundle.apps)} on "
        f"http://{settings.host}:{settings.port}/registries/NAME",
        err=True,
    )
    uvicorn.run(site, host=settings.host, port=settings.port, log_level="warning")


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
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage", help="also list the conditions and table rows no test case exercises"
        ),
    ] = False,
) -> None:
    """Run the test cases written in the rule files; prints 'N passed, M failed' last."""
    from engine.kernel.catalogue import Catalogue
    from engine.kernel.coverage import Coverage
    from engine.kernel.coverage import coverage as coverage_of
    from engine.kernel.testing import run_test

    catalogue = _load(paths)
    assert isinstance(catalogue, Catalogue)
    wanted = list(paths or [])
    broken = [p for p in catalogue.problems if _wanted(p.file, wanted)]
    for problem in broken:
        typer.echo(str(problem))
    passed = 0
    failed = len({p.file for p in broken})
    reports: list[Coverage] = []
    for source, compiled in sorted(catalogue.files.items()):
        if not _wanted(source, wanted) or catalogue.kept.get(compiled.rule.id) == compiled.version:
            continue
        results = [run_test(catalogue, compiled, test) for test in compiled.rule.tests]
        for result in results:
            if result.passed:
                passed += 1
                if verbose:
                    typer.echo(str(result))
            else:
                failed += 1
                typer.echo(str(result))
        reports.append(coverage_of(compiled, results))
    if coverage:
        for report in reports:
            if verbose or not report.complete:
                typer.echo(str(report))
        branches = sum(r.branches for r in reports)
        covered = sum(r.covered for r in reports)
        complete = sum(r.complete for r in reports)
        typer.echo(
            f"coverage: {covered}/{branches} branches tested; "
            f"{complete} of {len(reports)} rules fully tested"
        )
    typer.echo(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _as_of(text: str | None) -> date:
    from datetime import date as date_type

    if text is None:
        return date_type.today()
    try:
        return date_type.fromisoformat(text)
    except ValueError as error:
        typer.echo(f"error: --as-of {text!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from error


def _population(size: int, as_of: date, parameters: object) -> object:
    from engine.kernel.parameters import ParameterStore
    from engine.rules_api.population import population_for

    assert isinstance(parameters, ParameterStore)
    settings = Settings()
    show = size >= 50_000
    with typer.progressbar(length=size, label="generating population", hidden=not show) as bar:
        done = [0]

        def progress(count: int) -> None:
            bar.update(count - done[0])
            done[0] = count

        return population_for(settings.seed, size, as_of, parameters, progress)


def _catalogue_or_exit() -> object:
    from engine.kernel.catalogue import load_catalogue

    settings = Settings()
    return load_catalogue(settings.rules_dir, settings.life_events_dir)


@rules_app.command("simulate")
def rules_simulate(
    rule_id: Annotated[str, typer.Argument(help="the rule's id, e.g. kz.childcare_allowance")],
    population: Annotated[
        int | None, typer.Option(min=1, max=1_000_000, help="persons (default: settings)")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="law date YYYY-MM-DD (default: today)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="full result as JSON")] = False,
    candidate: Annotated[
        Path | None, typer.Option(help="another version of the rule (a YAML file) to compare")
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option("--set", help="what-if: PARAMETER=VALUE (from the first date on)"),
    ] = None,
) -> None:
    """Evaluate one rule over the mock population: eligible count and cost (never writes)."""
    import json
    from decimal import Decimal, InvalidOperation

    from engine.kernel.catalogue import Catalogue, validate_rule_text
    from engine.kernel.simulate import SimulationUnavailable, compare, simulate

    settings = Settings()
    catalogue = _catalogue_or_exit()
    assert isinstance(catalogue, Catalogue)
    compiled = catalogue.rules.get(rule_id)
    if compiled is None:
        from engine.kernel.expressions import suggest

        typer.echo(f"error: unknown rule '{rule_id}'{suggest(rule_id, catalogue.rules)}", err=True)
        raise typer.Exit(2)
    day = _as_of(as_of)
    compiled = catalogue.rule_on(rule_id, day) or compiled
    size = population or settings.population
    people = _population(size, day, catalogue.parameters)
    try:
        baseline = simulate(compiled, catalogue.life_events, people, catalogue.parameters)  # type: ignore[arg-type]
        other = None
        if candidate is not None or set_values:
            parameters = catalogue.parameters.copy()
            for item in set_values or []:
                name, _, value = item.partition("=")
                if name not in parameters:
                    typer.echo(f"error: unknown parameter '{name}'", err=True)
                    raise typer.Exit(2)
                try:
                    first = min(v.valid_from for v in parameters.get(name).values)
                    parameters.override(name, first, Decimal(value))
                except InvalidOperation as error:
                    typer.echo(f"error: --set {item}: '{value}' is not a number", err=True)
                    raise typer.Exit(2) from error
            version = compiled
            if candidate is not None:
                try:
                    text = candidate.read_text(encoding="utf-8")
                except OSError as error:
                    typer.echo(f"error: cannot read {candidate}: {error}", err=True)
                    raise typer.Exit(2) from error
                checked = validate_rule_text(text, catalogue, name=str(candidate))
                for problem in checked.problems:
                    typer.echo(str(problem))
                if checked.compiled is None:
                    raise typer.Exit(1)
                version = checked.compiled
            other = simulate(version, catalogue.life_events, people, parameters)  # type: ignore[arg-type]
    except SimulationUnavailable as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    result = baseline[0]
    if other is not None:
        diff = compare(baseline, other, people)  # type: ignore[arg-type]
        if as_json:
            typer.echo(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
            return
        typer.echo(
            f"{rule_id}: {diff.gainers} gain, {diff.losers} lose "
            f"({diff.newly_eligible} newly eligible, {diff.no_longer_eligible} no longer); "
            f"cost change {diff.cost_change_kzt:+,} KZT"
        )
        return
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    period = compiled.rule.amount.period if compiled.rule.amount else None
    cost = result.monthly_kzt if period == "monthly" else result.one_time_kzt
    unit = " a month" if period == "monthly" else ""
    typer.echo(
        f"{rule_id} on {day}: {result.counts['eligible']:,} eligible of {result.events:,} "
        f"events among {result.population:,} persons; total cost {cost:,} KZT{unit}"
    )
    for reason, count in result.not_eligible_reasons.items():
        if count:
            typer.echo(f"  not eligible, {reason}: {count:,}")
    for fact, count in result.unknown_reasons.items():
        typer.echo(f"  unknown, missing {fact}: {count:,}")
    for message, count in result.errors.items():
        typer.echo(f"  rule error, {message}: {count:,}")


@rules_app.command("explain")
def rules_explain(
    rule_id: Annotated[str, typer.Argument(help="the rule's id")],
    iin: Annotated[str, typer.Option(help="the citizen's IIN")],
    as_of: Annotated[str | None, typer.Option(help="law date YYYY-MM-DD (default: today)")] = None,
    lang: Annotated[str, typer.Option(help="kk, ru or en")] = "en",
) -> None:
    """The decision for one citizen of the mock population, with its explanation."""
    import numpy as np

    from engine.kernel.catalogue import Catalogue
    from engine.kernel.evaluate import RuleError, evaluate, explanation
    from engine.kernel.simulate import case_for

    if lang not in ("kk", "ru", "en"):
        typer.echo("error: --lang is kk, ru or en", err=True)
        raise typer.Exit(2)
    settings = Settings()
    catalogue = _catalogue_or_exit()
    assert isinstance(catalogue, Catalogue)
    compiled = catalogue.rules.get(rule_id)
    if compiled is None:
        typer.echo(f"error: unknown rule '{rule_id}'", err=True)
        raise typer.Exit(2)
    day = _as_of(as_of)
    compiled = catalogue.rule_on(rule_id, day) or compiled
    people = _population(settings.population, day, catalogue.parameters)
    from engine.kernel.population import Population

    assert isinstance(people, Population)
    if not iin.isdigit():
        typer.echo(f"error: IIN {iin!r} is not 12 digits", err=True)
        raise typer.Exit(2)
    row = int(people.index_of(np.array([int(iin)], dtype=np.int64))[0])
    if row < 0:
        typer.echo(
            f"error: {iin} is not in the mock population (seed {settings.seed}, "
            f"{settings.population} persons)",
            err=True,
        )
        raise typer.Exit(1)
    for name in compiled.rule.life_events:
        life_event = catalogue.life_events[name]
        case = case_for(people, life_event, catalogue.parameters, row)
        if case is None:
            continue
        event, facts = case
        try:
            evaluation = evaluate(
                compiled, event=event, facts=facts, on=day, parameters=catalogue.parameters
            )
        except RuleError as error:
            typer.echo(f"rule error: {error}")
            raise typer.Exit(1) from error
        typer.echo(
            f"{rule_id} for {iin} ({life_event.id} on {event[life_event.date_field]}): "
            f"{evaluation.outcome}"
        )
        typer.echo(explanation(compiled, evaluation, lang))  # type: ignore[arg-type]
        return
    typer.echo(
        f"{iin} has no {' or '.join(compiled.rule.life_events)} event in the twelve months up "
        f"to {day}, so the rule does not apply to them"
    )


@rules_app.command("schemas")
def rules_schemas(
    folder: Annotated[Path, typer.Option(help="where to write them")] = Path("docs/schemas"),
    check: Annotated[bool, typer.Option("--check", help="exit 1 when they are stale")] = False,
) -> None:
    """Write (or check) the JSON Schemas of rule, life-event and parameter files."""
    from engine.kernel.schemas import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(folder)
        for name in stale:
            typer.echo(f"{folder / name}: stale, run: proactive rules schemas")
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(folder):
        typer.echo(f"wrote {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
