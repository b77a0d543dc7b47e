"""The pytest plugin (entry point ``proactive``): ``*.scenario.yaml`` files are collected as
tests, run against one demo per session and backend; and fixtures for an integrator's own
tests: the registries in process (``proactive_registries``) and a running demo on a free port
with tokens for citizens and agencies (``proactive_demo``).

Options: ``--scenario-against URL`` runs the scenarios against a running deployment (tokens
signed with ``PROACTIVE_SECRET``); the ini value ``scenario_backends`` (``sqlite``,
``postgres`` or both) chooses the demo's databases."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from engine.config import Settings

if TYPE_CHECKING:
    import httpx

    from engine.scenarios.embedded import RunningDemo
    from engine.scenarios.load import Loaded
    from mock_registries.bundle import RegistryBundle

BACKENDS = ("sqlite", "postgres")
SUFFIX = ".scenario.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("proactive", "proactive scenarios")
    group.addoption(
        "--scenario-against",
        default=None,
        metavar="URL",
        help="run *.scenario.yaml against this deployment instead of an embedded demo",
    )
    parser.addini(
        "scenario_backends",
        "databases of the embedded demo the scenarios run on: sqlite, postgres",
        type="args",
        default=["sqlite"],
    )
    parser.addini("scenario_population", "people in the scenarios' embedded demo", default="1500")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scenario: a journey from a *.scenario.yaml file")
    config.addinivalue_line(
        "markers",
        "postgres: needs a PostgreSQL server (skipped unless reachable; REQUIRE_POSTGRES=1 "
        "makes it fail instead)",
    )
    config.stash[_DEMOS] = Demos(config)
    config.add_cleanup(config.stash[_DEMOS].close)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The scenarios of one backend together, so its demo is busy while the other is idle."""
    order = {backend: n for n, backend in enumerate(BACKENDS)}
    scenarios = [i for i in items if isinstance(i, ScenarioItem)]
    if not scenarios:
        return
    first = items.index(scenarios[0])
    others = [i for i in items if not isinstance(i, ScenarioItem)]
    ordered = sorted(scenarios, key=lambda i: order.get(i.backend, -1))
    items[:] = others[:first] + ordered + others[first:]


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        collected: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
        return collected
    return None


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from engine.scenarios.load import load_scenario

        loaded, problems = load_scenario(self.path)
        if loaded is None:
            yield RefusedScenario.from_parent(
                self, name="schema", problems=[str(p) for p in problems]
            )
            return
        demos: Demos = self.config.stash[_DEMOS]
        for backend in demos.backends():
            item = ScenarioItem.from_parent(
                self, name=f"{loaded.scenario.name} [{backend}]", loaded=loaded, backend=backend
            )
            item.add_marker(pytest.mark.scenario)
            if backend == "postgres":
                item.add_marker(pytest.mark.postgres)
            yield item


class ScenarioFailed(Exception):
    pass


class RefusedScenario(pytest.Item):
    def __init__(self, *, problems: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problems = problems

    def runtest(self) -> None:
        raise ScenarioFailed("refused before anything ran:\n" + "\n".join(self.problems))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario file {self.path.name}"


class ScenarioItem(pytest.Item):
    def __init__(self, *, loaded: Loaded, backend: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded = loaded
        self.backend = backend

    def runtest(self) -> None:
        from engine.scenarios.report import lines
        from engine.scenarios.run import run_scenario

        demos: Demos = self.config.stash[_DEMOS]
        base_url, secret = demos.get(self.backend)

        async def run() -> Any:
            from engine.scenarios.deployment import Deployment

            deployment = Deployment(base_url, secret)
            try:
                return await run_scenario(
                    deployment,
                    self.loaded.scenario,
                    self.loaded.path,
                    demos.taken.setdefault(self.backend, set()),
                )
            finally:
                await deployment.close()

        result = asyncio.run(run())
        if not result.passed:
            raise ScenarioFailed("\n".join(lines(result)))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"


@dataclass
class Demos:
    """One demo per backend for the whole session, started when the first scenario needs it;
    scenarios pick people nobody else in the session has picked."""

    config: pytest.Config
    taken: dict[str, set[str]] = field(default_factory=dict)  # by backend
    _running: dict[str, tuple[str, str]] = field(default_factory=dict)
    _stack: ExitStack = field(default_factory=ExitStack)

    def backends(self) -> list[str]:
        if self.config.getoption("--scenario-against"):
            return ["deployment"]
        chosen = [str(b) for b in self.config.getini("scenario_backends")]
        unknown = [b for b in chosen if b not in BACKENDS]
        if unknown:
            raise pytest.UsageError(f"scenario_backends: unknown {unknown}; known: {BACKENDS}")
        return chosen

    def get(self, backend: str) -> tuple[str, str]:
        if backend not in self._running:
            self._running[backend] = self._start(backend)
        return self._running[backend]

    def _start(self, backend: str) -> tuple[str, str]:
        against = self.config.getoption("--scenario-against")
        if against:
            return str(against), Settings().secret
        population = int(str(self.config.getini("scenario_population")))
        demo = self._stack.enter_context(start_demo(backend, population))
        return demo.base_url, demo.settings.secret

    def close(self) -> None:
        self._stack.close()


_DEMOS = pytest.StashKey[Demos]()


def start_demo(backend: str, population: int) -> Any:
    """A context manager serving a fresh demo on the backend's databases."""
    from contextlib import contextmanager

    from engine.scenarios.embedded import embedded_demo

    @contextmanager
    def started() -> Iterator[RunningDemo]:
        settings = Settings()
        if backend == "sqlite":
            with embedded_demo(settings, population=population) as demo:
                yield demo
            return
        _require_postgres()
        from engine.scenarios.postgres import demo_databases
        from mock_registries.bundle import KINDS

        with demo_databases(list(KINDS)) as (engine_url, registry_template):
            on_postgres = settings.model_copy(
                update={"database_url": engine_url, "registry_database_url": registry_template}
            )
            with embedded_demo(on_postgres, population=population) as demo:
                yield demo

    return started()


def _require_postgres() -> None:
    import os

    from engine.scenarios.postgres import admin_dsn, reachable

    if reachable():
        return
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(
            f"PostgreSQL is required (REQUIRE_POSTGRES=1) but {admin_dsn()} does not answer"
        )
    pytest.skip(f"PostgreSQL not reachable at {admin_dsn()}")


# --- fixtures for an integrator's own tests ------------------------------------------------


@dataclass(frozen=True)
class DemoAccess:
    """A running demo and the tokens to reach it: citizens, agency officials, and registry
    readers (with the purpose every read of personal data states)."""

    base_url: str
    secret: str

    def _bearer(self, kind: str, subject: str, role: str) -> dict[str, str]:
        from engine.auth.tokens import Principal, issue

        principal = Principal(kind=kind, subject=subject, role=role)  # type: ignore[arg-type]
        token = issue(principal, self.secret, datetime.now(UTC), timedelta(hours=8))
        return {"Authorization": f"Bearer {token}"}

    def citizen(self, iin: str) -> dict[str, str]:
        return self._bearer("citizen", iin, "citizen")

    def official(self, agency: str, role: str = "officer") -> dict[str, str]:
        return self._bearer("official", agency, role)

    def reader(self, purpose: str = "integration test") -> dict[str, str]:
        return {**self.official("digital"), "X-Purpose": purpose}


@pytest.fixture(scope="session")
def proactive_demo(pytestconfig: pytest.Config) -> DemoAccess:
    """A demo (SQLite, every registry, the engine and its jobs, no automatic life events) on
    a free loopback port for the session: the same one the session's scenarios run on (or
    the deployment of ``--scenario-against``)."""
    demos: Demos = pytestconfig.stash[_DEMOS]
    backend = "deployment" if pytestconfig.getoption("--scenario-against") else "sqlite"
    return DemoAccess(*demos.get(backend))


@dataclass
class InProcessRegistries:
    """The mock registries in this process, each on its own SQLite database, seeded with a
    synthetic population; reach them with ``client(name)``."""

    bundle: RegistryBundle
    secret: str

    def client(self, registry: str) -> httpx.AsyncClient:
        import httpx

        transport = httpx.ASGITransport(app=self.bundle.apps[registry])
        return httpx.AsyncClient(transport=transport, base_url=f"http://{registry}.registry")

    def official(self, agency: str, purpose: str | None = None) -> dict[str, str]:
        from engine.auth.tokens import Principal, issue

        principal = Principal(kind="official", subject=agency, role="officer")
        token = issue(principal, self.secret, datetime.now(UTC), timedelta(hours=8))
        return {
            "Authorization": f"Bearer {token}",
            **({"X-Purpose": purpose} if purpose else {}),
        }


@pytest.fixture
def proactive_registries(
    tmp_path: Path, pytestconfig: pytest.Config
) -> Iterator[InProcessRegistries]:
    from mock_registries.serve import RegistryOptions, build_bundle, seed_bundle

    secret = Settings().secret
    population = min(int(str(pytestconfig.getini("scenario_population"))), 500)
    options = RegistryOptions(population=population, scenario=False)
    bundle = build_bundle(
        options,
        lambda name: f"sqlite:///{tmp_path / f'registry_{name}.db'}",
        lambda: datetime.now(UTC),
        peers_url="http://127.0.0.1:1/registries",
        secret=secret,
        demo_features=True,
    )
    seed_bundle(bundle, options, datetime.now(UTC), lambda *_: None)
    try:
        yield InProcessRegistries(bundle, secret)
    finally:
        bundle.dispose()
