"""The long-lived parts of one engine process, built once by the app factory or the CLI."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from engine.clock import SimulatedClock
from engine.config import Settings
from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.watch import fingerprint
from engine.registries.client import RegistryClient

log = logging.getLogger("engine.services")


class CatalogueHolder:
    """The rules in use; replaced as a whole on reload so readers never see half a catalogue.

    Hot reload: when a rule, life-event or parameter file changes (checked at most every
    ``check_seconds``, on read and by the scheduler's job), the catalogue is loaded again; a
    file that became invalid is refused with its problems while the last valid version of
    what it defined keeps serving."""

    def __init__(
        self,
        rules_dir: Path,
        life_events_dir: Path,
        check_seconds: float = 1.0,
        *,
        project_missing_law: bool = False,
    ) -> None:
        self.rules_dir = rules_dir
        self.life_events_dir = life_events_dir
        self.check_seconds = check_seconds
        self.project_missing_law = project_missing_law
        self._lock = threading.Lock()
        self._fingerprint = fingerprint(rules_dir, life_events_dir)
        self._checked = time.monotonic()
        self._current = self._load(None)
        self.reloads = 0

    def _load(self, previous: Catalogue | None) -> Catalogue:
        fresh = load_catalogue(self.rules_dir, self.life_events_dir, previous=previous)
        fresh.projects_missing_law = self.project_missing_law
        return fresh

    @property
    def current(self) -> Catalogue:
        if time.monotonic() - self._checked >= self.check_seconds:
            self.refresh_if_changed()
        with self._lock:
            return self._current

    def reload(self) -> Catalogue:
        with self._lock:
            previous = self._current
        fresh = self._load(previous)
        with self._lock:
            self._current = fresh
            self.reloads += 1
        log.info(
            "engine.rules.reloaded rules=%d refused_files=%d",
            len(fresh.rules),
            len({p.file for p in fresh.problems}),
        )
        return fresh

    def refresh_if_changed(self) -> bool:
        """Reload when a file changed since the last check; True when it did."""
        self._checked = time.monotonic()
        current = fingerprint(self.rules_dir, self.life_events_dir)
        if current == self._fingerprint:
            return False
        self._fingerprint = current
        self.reload()
        return True


@dataclass
class Services:
    settings: Settings
    db: Engine
    clock: SimulatedClock
    catalogue: CatalogueHolder
    registries: RegistryClient
    started: threading.Event = field(default_factory=threading.Event)
