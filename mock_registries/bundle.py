"""All mock registries of one process: each its own app and database, reaching the others over
HTTP (in process through ASGI transports, so no socket is needed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx
from fastapi import APIRouter, FastAPI
from sqlalchemy import MetaData

from engine.config import DEFAULT_SECRET
from mock_registries.civil import models as civil
from mock_registries.civil.app import civil_routers
from mock_registries.common.app import create_registry_app
from mock_registries.common.context import Peers, RegistryContext
from mock_registries.common.database import make_registry_engine
from mock_registries.common.faults import FaultSettings, FaultState
from mock_registries.common.gateway import GatewaySettings, RateLimiter
from mock_registries.common.tables import RegistryTables
from mock_registries.disability import models as disability
from mock_registries.disability.routes import disability_routers
from mock_registries.education import models as education
from mock_registries.education.routes import education_routers
from mock_registries.payments import models as payments
from mock_registries.payments.routes import payments_routers
from mock_registries.pension import models as pension
from mock_registries.pension.routes import pension_routers
from mock_registries.population import models as population
from mock_registries.population.app import population_routers
from mock_registries.social_insurance import models as social_insurance
from mock_registries.social_insurance.routes import social_insurance_routers
from mock_registries.tax import models as tax
from mock_registries.tax.routes import tax_routers
from mock_registries.vehicles import models as vehicles
from mock_registries.vehicles.app import vehicles_routers


@dataclass(frozen=True)
class RegistryKind:
    title: str
    metadata: MetaData
    tables: RegistryTables
    writers: tuple[str, ...]  # agencies whose officials may write; the first owns it
    optional_fields: frozenset[str]
    routers: Callable[[], list[APIRouter]]


KINDS: dict[str, RegistryKind] = {
    "population": RegistryKind(
        "Population registry (ГБД ФЛ)",
        population.PopulationTable.metadata,
        population.TABLES,
        population.WRITERS,
        population.OPTIONAL_FIELDS,
        population_routers,
    ),
    "civil": RegistryKind(
        "Civil-status registry (ЗАГС)",
        civil.CivilTable.metadata,
        civil.TABLES,
        civil.WRITERS,
        civil.OPTIONAL_FIELDS,
        civil_routers,
    ),
    "vehicles": RegistryKind(
        "Vehicle register (МВД)",
        vehicles.VehiclesTable.metadata,
        vehicles.TABLES,
        vehicles.WRITERS,
        vehicles.OPTIONAL_FIELDS,
        vehicles_routers,
    ),
    "social_insurance": RegistryKind(
        "State Social Insurance Fund (ГФСС)",
        social_insurance.SocialInsuranceTable.metadata,
        social_insurance.TABLES,
        social_insurance.WRITERS,
        social_insurance.OPTIONAL_FIELDS,
        social_insurance_routers,
    ),
    "pension": RegistryKind(
        "Unified Accumulative Pension Fund (ЕНПФ)",
        pension.PensionTable.metadata,
        pension.TABLES,
        pension.WRITERS,
        pension.OPTIONAL_FIELDS,
        pension_routers,
    ),
    "tax": RegistryKind(
        "State Revenue Committee (КГД)",
        tax.TaxTable.metadata,
        tax.TABLES,
        tax.WRITERS,
        tax.OPTIONAL_FIELDS,
        tax_routers,
    ),
    "education": RegistryKind(
        "Kindergarten queue (education departments)",
        education.EducationTable.metadata,
        education.TABLES,
        education.WRITERS,
        education.OPTIONAL_FIELDS,
        education_routers,
    ),
    "disability": RegistryKind(
        "Medical-social expertise decisions (МСЭ)",
        disability.DisabilityTable.metadata,
        disability.TABLES,
        disability.WRITERS,
        disability.OPTIONAL_FIELDS,
        disability_routers,
    ),
    "payments": RegistryKind(
        "Payments ledger",
        payments.PaymentsTable.metadata,
        payments.TABLES,
        payments.WRITERS,
        payments.OPTIONAL_FIELDS,
        payments_routers,
    ),
}


@dataclass
class RegistryBundle:
    contexts: dict[str, RegistryContext]
    apps: dict[str, FastAPI]

    def dispose(self) -> None:
        for ctx in self.contexts.values():
            ctx.engine.dispose()


def build_registries(
    database_url_for: Callable[[str], str],
    now: Callable[[], datetime],
    *,
    only: list[str] | None = None,
    peers_url: str = "http://127.0.0.1:8000/registries",
    secret: str = DEFAULT_SECRET,
    demo_features: bool = False,
    faults_remote: bool = False,
    faults: FaultSettings | None = None,
    fault_seed: int = 0,
    gateway: GatewaySettings | None = None,
) -> RegistryBundle:
    """The registries named in ``only`` (default: all), each on its own database. Registries
    not built here are reached over HTTP at ``peers_url``. ``faults`` are switched on in every
    registry built (demo and test mode only); their switches answer only loopback callers
    unless ``faults_remote``. ``gateway`` (default: from the environment)
    names the registered integrators and the rate limit."""
    names = only or list(KINDS)
    unknown = [name for name in names if name not in KINDS]
    if unknown:
        raise ValueError(f"unknown registries {unknown}; known: {', '.join(KINDS)}")
    if faults is not None and faults.active and not demo_features:
        raise ValueError("faults exist only in demo and test mode (PROACTIVE_MODE=demo)")
    peers = Peers(peers_url)
    gateway = gateway or GatewaySettings()
    contexts: dict[str, RegistryContext] = {}
    apps: dict[str, FastAPI] = {}
    for name in names:
        kind = KINDS[name]
        ctx = RegistryContext(
            name=name,
            engine=make_registry_engine(database_url_for(name)),
            metadata=kind.metadata,
            tables=kind.tables,
            now=now,
            peers=peers,
            writers=kind.writers,
            secret=secret,
            demo_features=demo_features,
            faults_remote=faults_remote,
            optional_fields=kind.optional_fields,
            faults=FaultState(fault_seed),
            gateway=gateway,
            limiter=RateLimiter(gateway.rate_limit),
        )
        if faults is not None:
            ctx.faults.set(faults)
        contexts[name] = ctx
        apps[name] = create_registry_app(ctx, kind.title, kind.routers())
        peers.attach(name, httpx.ASGITransport(app=apps[name]))
    return RegistryBundle(contexts=contexts, apps=apps)
