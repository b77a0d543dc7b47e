"""Settings, read from the environment with the ``PROACTIVE_`` prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

AGENCY_CODES = (
    "civil",
    "mvd",
    "digital",
    "gfc",
    "labour",
    "gfss",
    "enpf",
    "kgd",
    "education",
    "health",
    "control_room",
)

DEFAULT_SECRET = "proactive-demo-only-secret-change-me-in-production"
DEFAULT_AUDIT_KEY = "proactive-demo-only-audit-key-change-me-in-production"

Mode = Literal["demo", "test", "production"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROACTIVE_", extra="ignore")

    mode: Mode = "production"
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None, description="Engine database; SQLite under the data dir when unset."
    )
    registry_database_url: str | None = Field(
        default=None,
        description="Template with {registry} for each mock registry's own database.",
    )
    registries_url: str = "http://127.0.0.1:8000/registries"
    secret: str = DEFAULT_SECRET
    audit_key: str = Field(
        default=DEFAULT_AUDIT_KEY,
        description="Key of the audit log's MACs and checkpoints; never stored in the database.",
    )
    audit_checkpoints: Path | None = Field(
        default=None,
        description="File of signed checkpoints of the audit log's head, outside the database; "
        "default: audit-checkpoints.jsonl in the data dir.",
    )
    audit_checkpoint_seconds: float = Field(default=60, gt=0)
    token_ttl_hours: int = 12
    host: str = "127.0.0.1"
    demo_remote: bool = Field(
        default=False,
        description="Demo: let clients beyond this machine use the endpoints that need no token.",
    )
    port: int = 8000
    population: int = 2000
    seed: int = 2026
    feeds: list[str] = Field(
        default=[
            "population",
            "civil",
            "vehicles",
            "social_insurance",
            "pension",
            "tax",
            "education",
            "disability",
            "payments",
        ],
        description="Registry feeds the engine watches.",
    )
    claim_batch_size: int = Field(
        default=10, ge=1, le=500, description="Events a worker claims at a time."
    )
    claim_lease_seconds: float = Field(
        default=120, gt=0, description="How long a worker's claim on an event lasts."
    )
    poll_wait_seconds: float = 5.0
    poll_limit: int = 200
    process_interval_seconds: float = 0.25
    project_missing_law: bool = Field(
        default=False,
        description="Demo only: a parameter the law has not published yet for a date takes "
        "its last value, labelled as projected. Production always holds the case instead.",
    )
    rules_dir: Path = Path("rules")
    life_events_dir: Path = Path("life_events")
    scenarios_dir: Path = Field(
        default=Path("tests/scenarios"),
        description="Scenario files; the demo's presenter stories are four of them.",
    )

    @property
    def demo_features(self) -> bool:
        """Clock control and fault switches exist only in demo and test mode."""
        return self.mode in ("demo", "test")

    @property
    def projects_missing_law(self) -> bool:
        """Production never projects, whatever the setting says."""
        return self.project_missing_law and self.demo_features

    def engine_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'engine.db'}"

    def registry_url_for(self, registry: str) -> str:
        if self.registry_database_url:
            return self.registry_database_url.format(registry=registry)
        return f"sqlite:///{self.data_dir / f'registry_{registry}.db'}"

    def audit_checkpoint_file(self) -> Path:
        return self.audit_checkpoints or self.data_dir / "audit-checkpoints.jsonl"

    def check_secret(self) -> None:
        """Outside demo and test mode a server must not run with the published default."""
        _refuse_default("PROACTIVE_SECRET", self.mode, self.secret, DEFAULT_SECRET)

    def check_audit_key(self) -> None:
        """The engine's processes write the audit log: not with the published key either."""
        _refuse_default("PROACTIVE_AUDIT_KEY", self.mode, self.audit_key, DEFAULT_AUDIT_KEY)


def _refuse_default(name: str, mode: Mode, value: str, default: str) -> None:
    if mode == "production" and value == default:
        raise RuntimeError(
            f"{name} is the published default; set {name} to a long random value "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
