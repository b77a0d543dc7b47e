"""The long-lived parts of one engine process, built once by the app factory or the CLI."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from engine.clock import SimulatedClock
from engine.config import Settings
from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.registries.client import RegistryClient


class CatalogueHolder:
    """The rules in use; replaced as a whole on reload so readers never see half a catalogue."""

    def __init__(self, rules_dir: Path, life_events_dir: Path) -> None:
        self.rules_dir = rules_dir
        self.life_events_dir = life_events_dir
        self._lock = threading.Lock()
        self._current = load_catalogue(rules_dir, life_events_dir)

    @property
    def current(self) -> Catalogue:
        with self._lock:
            return self._current

    def reload(self) -> Catalogue:
        fresh = load_catalogue(self.rules_dir, self.life_events_dir)
        with self._lock:
            self._current = fresh
        return fresh


@dataclass
class Services:
    settings: Settings
    db: Engine
    clock: SimulatedClock
    catalogue: CatalogueHolder
    registries: RegistryClient
    started: threading.Event = field(default_factory=threading.Event)
