"""The ``proactive`` command."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from engine.audit.cli import app as audit_app
from engine.config import AGENCY_CODES, Settings
from engine.dead_letters.cli import app as dead_letters_app
from engine.iinmask import configure_logging
from engine.processes import scheduler, worker
from engine.scenarios.cli import app as scenario_app

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
app.add_typer(scenario_app, name="scenario")


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
    project_law: Annotated[
        bool,
        typer.Option(
            "--project-law/--no-project-law",
            help="past the end of the known law, use a parameter's last value, labelled "
            "as projected (demo only)",
        ),
    ] = True,
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
    from engine import serving
    from engine.demo.embedded import build_demo
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
        project_missing_law=project_law,
        demo_remote=allow_remote,
    )
    try:
        web = build_demo(settings, scenario=not no_scenario, registries=registries)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"proactive demo on http://{loopback}:{port}  (SQLite files in {data_dir}/)")
    serving.serve(web, host=host, port=port)


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
    today: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="freeze the date (YYYY-MM-DD)")
    ] = None,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="let callers beyond this machine switch faults (demo and test mode only)",
        ),
    ] = False,
) -> None:
    """Mock registries as a process of their own, under /registries/NAME (each on its own
    database: SQLite in the data dir, or PROACTIVE_REGISTRY_DATABASE_URL with {registry})."""
    import uvicorn

    from engine.clock import SimulatedClock
    from mock_registries.common.faults import FaultSettings
    from mock_registries.serve import RegistryOptions, build_bundle, frozen_on, registries_site

    configure_logging()
    settings = Settings()
    updates = {"host": host, "port": port, "data_dir": data_dir, "population": population}
    updates |= {"seed": seed, "registries_url": peers_url}
    settings = settings.model_copy(update={k: v for k, v in updates.items() if v is not None})
    if allow_remote:
        settings = settings.model_copy(update={"demo_remote": True})
    if settings.demo_features and settings.demo_remote:
        typer.echo(
            "warning: the registries' fault switches answer anyone who can reach them "
            "(--allow-remote or PROACTIVE_DEMO_REMOTE)",
            err=True,
        )
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
    now = SimulatedClock().now
    if today is not None:
        now = frozen_on(today.date(), now)
    try:
        settings.check_secret()
        bundle = build_bundle(
            options,
            settings.registry_url_for,
            now,
            peers_url=settings.registries_url,
            secret=settings.secret,
            demo_features=settings.demo_features,
            faults_remote=settings.demo_remote,
        )
    except (RuntimeError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error

    def report(message: str) -> None:
        typer.echo(message, err=True)

    site = registries_site(bundle, options, settings.secret, now, report)
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
    name: Annotated[
        str | None, typer.Option(help="the official's name, shown in the case journey")
    ] = None,
) -> None:
    """Print a bearer token for an official of an agency."""
    from engine.auth.tokens import Principal

    if agency not in AGENCY_CODES:
        typer.echo(f"error: unknown agency {agency!r}; one of: {', '.join(AGENCY_CODES)}", err=True)
        raise typer.Exit(2)
    if name is not None and not 1 <= len(name.strip()) <= 40:
        typer.echo("error: --name is 1 to 40 characters", err=True)
        raise typer.Exit(2)
    typer.echo(_issue(Principal(kind="official", subject=agency, role=role, name=name)))


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


def _parameter_files_read_by(paths: list[Path]) -> list[Path]:
    """The parameter files (as problems name them) that define a parameter the selected rule
    files read: a broken one is reported with the rule, at its own file and line."""
    import re

    if not paths:
        return []
    rules = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*.yaml"))]
    used: set[str] = set()
    for rule in rules:
        try:
            used |= set(re.findall(r"params\.([\w.]+)", rule.read_text(encoding="utf-8")))
        except OSError:
            continue
    files: list[Path] = []
    for path in sorted((Settings().rules_dir / "parameters").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if used & set(re.findall(r"^\s*-?\s*id:\s*['\"]?([\w.]+)", text, re.M)):
            files.append(path)
    return files


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
    used = _parameter_files_read_by(wanted)
    shown = [
        p for p in catalogue.problems if _wanted(p.file, wanted) or (used and _wanted(p.file, used))
    ]
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


MAX_POPULATION = 20_000_000
Population_ = Annotated[
    int | None,
    typer.Option(
        "--population",
        min=1,
        max=MAX_POPULATION,
        help="persons (default: settings); above 1,000,000, parts of a million",
    ),
]
Seed = Annotated[int | None, typer.Option(help="seed of the mock population (default: settings)")]


class _Progress:
    """A progress bar on standard error (stdout stays for the result alone), shown from the
    moment a population is generated: reading a kept one shows nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.done = 0
        self.bar: Any = None

    def __call__(self, count: int) -> None:
        import sys

        if self.bar is None:
            label = f"generating a population of {self.size:,}"
            self.bar = typer.progressbar(length=self.size, label=label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(count - self.done)
        self.done = count

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _catalogue_or_exit() -> object:
    from engine.kernel.catalogue import load_catalogue

    settings = Settings()
    return load_catalogue(settings.rules_dir, settings.life_events_dir)


def _rule_or_exit(catalogue: object, rule_id: str) -> object:
    from engine.kernel.catalogue import Catalogue
    from engine.kernel.expressions import suggest

    assert isinstance(catalogue, Catalogue)
    compiled = catalogue.rules.get(rule_id)
    if compiled is None:
        typer.echo(f"error: unknown rule '{rule_id}'{suggest(rule_id, catalogue.rules)}", err=True)
        raise typer.Exit(2)
    return compiled


@rules_app.command("simulate")
def rules_simulate(
    rule_id: Annotated[str, typer.Argument(help="the rule's id, e.g. kz.childcare_allowance")],
    population: Population_ = None,
    seed: Seed = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="end of the window YYYY-MM-DD: events of the twelve months up to it, each "
            "judged by the law of its own date (default: today)"
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="full result as JSON (only JSON on stdout)")
    ] = False,
    candidate: Annotated[
        Path | None, typer.Option(help="another version of the rule (a YAML file) to compare")
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option("--set", help="what-if: PARAMETER=VALUE (from the first date on)"),
    ] = None,
) -> None:
    """Evaluate one rule over the mock population: eligible count and cost, for the sample
    and scaled to the country by region (never writes)."""
    import json
    from decimal import Decimal, InvalidOperation

    from engine.kernel.catalogue import Catalogue, validate_rule_text
    from engine.kernel.compiled import CompiledRule
    from engine.rules_api.national import national
    from engine.rules_api.population import store_of
    from engine.rules_api.service import SimulationRefused, simulation, simulation_json

    settings = Settings()
    catalogue = _catalogue_or_exit()
    assert isinstance(catalogue, Catalogue)
    compiled = _rule_or_exit(catalogue, rule_id)
    assert isinstance(compiled, CompiledRule)
    day = _as_of(as_of)
    compiled = catalogue.rule_on(rule_id, day) or compiled
    values: dict[str, Decimal] = {}
    for item in set_values or []:
        name, _, value = item.partition("=")
        try:
            values[name] = Decimal(value)
        except InvalidOperation as error:
            typer.echo(f"error: --set {item}: '{value}' is not a number", err=True)
            raise typer.Exit(2) from error
    version = None
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
    size = population or settings.population
    with _Progress(size) as progress:
        try:
            result, diff = simulation(
                catalogue,
                compiled,
                seed=settings.seed if seed is None else seed,
                size=size,
                as_of=day,
                parameters=values,
                candidate=version,
                progress=progress,
                kept_in=store_of(settings.data_dir),
            )
        except SimulationRefused as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(2 if "unknown parameter" in str(error) else 1) from error
    if as_json:
        typer.echo(json.dumps(simulation_json(result, diff), ensure_ascii=False, indent=2))
        return
    if diff is not None:
        through = diff.baseline.rule_id
        shown = rule_id if through == rule_id else f"{rule_id} (through {through})"
        typer.echo(
            f"{shown}: {diff.gainers} gain, {diff.losers} lose "
            f"({diff.newly_eligible} newly eligible, {diff.no_longer_eligible} no longer); "
            f"cost change {diff.cost_change_kzt:+,} KZT"
        )
        return
    unit = " a month" if result.period == "monthly" else ""
    cost = result.monthly_kzt if result.period == "monthly" else result.one_time_kzt
    country = national(result)
    typer.echo(
        f"{rule_id} on {day}: {result.counts['eligible']:,} eligible of {result.events:,} "
        f"events among {result.population:,} persons; total cost {cost:,} KZT{unit}"
    )
    typer.echo(
        f"  the country ({country['population']:,} persons): {country['eligible']:,} eligible, "
        f"{country['annual_cost_kzt']:,} KZT a year"
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
    iin: Annotated[
        str, typer.Option(help="the citizen's IIN (for a birth, the child's or the mother's)")
    ],
    population: Population_ = None,
    seed: Seed = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="end of the window YYYY-MM-DD: events of the twelve months up to it, each "
            "judged by the law of its own date (default: today)"
        ),
    ] = None,
    lang: Annotated[str, typer.Option(help="kk, ru or en")] = "en",
) -> None:
    """The decision for one citizen of the mock population (the same as ``simulate``'s for
    the same --population, --seed and --as-of), with its explanation, under the law in force
    on the date of their life event."""
    from datetime import date as date_type

    from engine.kernel.catalogue import Catalogue
    from engine.kernel.chain import evaluate_in_chain
    from engine.kernel.compiled import CompiledRule
    from engine.kernel.evaluate import RuleError, explanation
    from engine.kernel.simulate import case_of_party
    from engine.rules_api.population import populations, store_of

    if lang not in ("kk", "ru", "en"):
        typer.echo("error: --lang is kk, ru or en", err=True)
        raise typer.Exit(2)
    if not (iin.isdigit() and len(iin) == 12):
        typer.echo(f"error: IIN {iin!r} is not 12 digits", err=True)
        raise typer.Exit(2)
    settings = Settings()
    catalogue = _catalogue_or_exit()
    assert isinstance(catalogue, Catalogue)
    compiled = _rule_or_exit(catalogue, rule_id)
    assert isinstance(compiled, CompiledRule)
    day = _as_of(as_of)
    compiled = catalogue.rule_on(rule_id, day) or compiled
    size = population or settings.population
    chosen_seed = settings.seed if seed is None else seed
    found_person = False
    with _Progress(size) as progress:
        for people in populations(
            chosen_seed, size, day, catalogue.parameters, progress, store_of(settings.data_dir)
        ):
            for name in compiled.rule.life_events:
                case = case_of_party(people, catalogue.life_events[name], catalogue.parameters, iin)
                if case is None:
                    continue
                found_person = True
                if case.event is None:
                    continue
                life_event = catalogue.life_events[name]
                event, facts = case.event, case.facts
                on = date_type.fromisoformat(str(event[life_event.date_field]))
                version = catalogue.rule_on(rule_id, on)
                if version is None or not version.in_force_on(on):
                    typer.echo(
                        f"{rule_id} is not in force on {on}, the date of the {life_event.id} "
                        f"of {iin}, so it does not apply"
                    )
                    return
                try:
                    evaluation, _ = evaluate_in_chain(
                        catalogue, version, event, facts, on, catalogue.parameters
                    )
                except RuleError as error:
                    typer.echo(f"rule error: {error}")
                    raise typer.Exit(1) from error
                typer.echo(
                    _explained_header(version, life_event, iin, on, case.role, evaluation, lang)
                )
                typer.echo(explanation(version, evaluation, lang))  # type: ignore[arg-type]
                return
    if not found_person:
        typer.echo(
            f"error: {iin} is not in the mock population (seed {chosen_seed}, {size:,} "
            "persons): use the --population and --seed of the simulation it came from",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(
        f"{iin} has no {' or '.join(compiled.rule.life_events)} event in the twelve months up "
        f"to {day}, so the rule does not apply to them"
    )


_HEADER = {
    "kk": "{rule} — ЖСН {iin} ({event}, {date}{role}): {outcome}",
    "ru": "{rule} — ИИН {iin} ({event}, {date}{role}): {outcome}",
}
_OUTCOME = {
    "kk": {"eligible": "құқығы бар", "not_eligible": "құқығы жоқ", "unknown": "белгісіз"},
    "ru": {"eligible": "право есть", "not_eligible": "права нет", "unknown": "не определено"},
}


def _explained_header(
    compiled: object,
    life_event: object,
    iin: str,
    on: object,
    role: str,
    evaluation: object,
    lang: str,
) -> str:
    """The first line of ``explain``: in English the codes an analyst searches for, in Kazakh
    and Russian the titles a citizen's adviser reads."""
    from datetime import date

    from engine.kernel.compiled import CompiledRule
    from engine.kernel.evaluate import Evaluation
    from engine.kernel.fact_names import PARTY_NAMES, named
    from engine.kernel.l10n import day
    from engine.kernel.life_events import LifeEvent

    assert isinstance(compiled, CompiledRule) and isinstance(life_event, LifeEvent)
    assert isinstance(evaluation, Evaluation) and isinstance(on, date)
    if lang not in _HEADER:
        party = f", as {role}" if role else ""
        return (
            f"{compiled.rule.id} for {iin} ({life_event.id} on {on}{party}): {evaluation.outcome}"
        )
    words = lang  # kk or ru
    party = f", {named(PARTY_NAMES, role, words).lower()}" if role else ""  # type: ignore[arg-type]
    return _HEADER[lang].format(
        rule=compiled.rule.title.in_(words),  # type: ignore[arg-type]
        iin=iin,
        event=life_event.title.in_(words),  # type: ignore[arg-type]
        date=day(on, words),
        role=party,
        outcome=_OUTCOME[lang][evaluation.outcome],
    )


@rules_app.command("facts")
def rules_facts(
    guide: Annotated[Path, typer.Option(help="the guide to write them into")] = Path(
        "docs/authoring-rules.md"
    ),
    check: Annotated[bool, typer.Option("--check", help="exit 1 when the guide is stale")] = False,
) -> None:
    """Write (or check) the guide's list of facts: every lookup's fields and code lists,
    from the data dictionary."""
    from engine.kernel.facts_guide import stale, written

    if check:
        if stale(guide):
            typer.echo(f"{guide}: the list of facts is stale, run: proactive rules facts")
            raise typer.Exit(1)
        return
    guide.write_text(written(guide.read_text(encoding="utf-8")), encoding="utf-8")
    typer.echo(f"wrote the list of facts in {guide}")


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
