"""Counters and gauges of one process, rendered in the Prometheus text format."""

from __future__ import annotations

import threading
from collections import defaultdict


def _key(name: str, labels: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted(labels.items()))


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[tuple[str, tuple[tuple[str, str], ...]], float] = defaultdict(float)
        self._gauges: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}

    def inc(self, name: str, amount: float = 1, **labels: str) -> None:
        with self._lock:
            self._counters[_key(name, labels)] += amount

    def set(self, name: str, value: float, **labels: str) -> None:
        with self._lock:
            self._gauges[_key(name, labels)] = value

    def value(self, name: str, **labels: str) -> float:
        with self._lock:
            key = _key(name, labels)
            return self._counters.get(key, self._gauges.get(key, 0.0))

    def render(self) -> str:
        lines: list[str] = []
        with self._lock:
            series = [("counter", k, v) for k, v in self._counters.items()] + [
                ("gauge", k, v) for k, v in self._gauges.items()
            ]
        typed: set[str] = set()
        for kind, (name, labels), value in sorted(series, key=lambda s: s[1]):
            if name not in typed:
                lines.append(f"# TYPE {name} {kind}")
                typed.add(name)
            rendered = ",".join(f'{k}="{v}"' for k, v in labels)
            lines.append(f"{name}{{{rendered}}} {value:g}" if rendered else f"{name} {value:g}")
        return "\n".join(lines) + "\n"


METRICS = Metrics()
