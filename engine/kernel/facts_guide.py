"""The guide's list of facts, written from the data dictionary: every lookup a life event can
gather, its fields with their types and code lists, and the records a simulation finds
events among. ``proactive rules facts`` writes it into the guide between two markers, and a
test keeps the guide current."""

from __future__ import annotations

from pathlib import Path

from engine.kernel.dictionary import LOOKUPS, RECORD_DOMAINS, RECORDS, Domain, FieldType

BEGIN = "<!-- facts: written by `proactive rules facts`, do not edit by hand -->"
END = "<!-- end of facts -->"


def _values(domain: Domain | None) -> str:
    if domain is None:
        return ""
    if domain.values is not None:
        return ", ".join(f"`{v}`" for v in domain.values)
    low = "" if domain.minimum is None else f"at least {domain.minimum}"
    high = "" if domain.maximum is None else f"at most {domain.maximum}"
    return " and ".join(part for part in (low, high) if part)


def _table(fields: dict[str, FieldType], domains: dict[str, Domain]) -> list[str]:
    lines = ["| field | type | values |", "| --- | --- | --- |"]
    for name, kind in fields.items():
        lines.append(f"| `{name}` | {kind} | {_values(domains.get(name))} |")
    return lines


def facts_markdown() -> str:
    """The generated part of the guide (between the markers)."""
    lines = [
        BEGIN,
        "",
        "A fact's lookup (`lookup:` in a life event's `facts`) decides the fields a rule can",
        "read as `<fact>.<field>`. A value compared with a field that has a code list must be",
        "one of its codes: `proactive rules validate` refuses any other, with the nearest code.",
        "A field of type `list` is read through `len(...)`.",
        "",
    ]
    for name, lookup in LOOKUPS.items():
        title = f": {lookup.title.en}" if lookup.title else ""
        lines += [f"#### `{name}`{title}", ""]
        lines += [f"`GET /registries/{lookup.registry}{lookup.path}`", ""]
        lines += [*_table(lookup.fields, lookup.domains), ""]
    lines += [
        "Records a life event's `simulation` block can find events among"
        " (`records:`, names `<records>.<field>`):",
        "",
    ]
    for name, fields in RECORDS.items():
        lines += [f"#### records `{name}`", "", *_table(fields, RECORD_DOMAINS[name]), ""]
    lines.append(END)
    return "\n".join(lines)


def written(guide: str) -> str:
    """The guide with its facts section replaced by the current one."""
    start, end = guide.index(BEGIN), guide.index(END) + len(END)
    return guide[:start] + facts_markdown() + guide[end:]


def stale(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return written(text) != text
