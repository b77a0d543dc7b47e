"""Effective-dated parameters (MRP, minimum wage, coefficients...), each value with its legal
reference. Asking for a value that is not in force is an error, never a silent zero."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from engine.kernel.l10n import day
from engine.kernel.legal_acts import ACTS, OFFICIAL_HOSTS, article_text, is_official
from engine.kernel.texts import Lang, Text


class ParameterNotInForce(LookupError):
    def __init__(self, parameter: str, on: date, detail: str) -> None:
        super().__init__(f"parameter '{parameter}' has no value in force on {on}: {detail}")
        self.parameter = parameter
        self.on = on


class ParameterNotYetPublished(ParameterNotInForce):
    """The date lies after the last value the law has published: the value is not known yet
    (next year's MRP before its budget law), which holds a decision instead of breaking it."""

    def __init__(self, parameter: str, on: date, last: ParameterValue) -> None:
        assert last.valid_to is not None
        super().__init__(
            parameter,
            on,
            f"its last published value ends on {last.valid_to}; add the value in force from "
            f"{last.valid_to + timedelta(days=1)} with its legal reference",
        )
        self.last = last


class LegalReference(BaseModel):
    """Where a rule or a value comes from in the law. ``law`` names an act of the catalogue
    (engine/kernel/legal_acts.py), which fills in its title in each language, number, date and
    official address; ``act`` alone is an act's citation in English. ``url`` is only ever the
    official text; a figure read in the press keeps that page as ``source`` and is marked
    ``confirmed: false`` until someone finds it in the official text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    act: str = Field(min_length=1, description="the act's citation in English")
    law: str | None = Field(default=None, description="the act's id in the catalogue of acts")
    title: Text | None = Field(default=None, description="the act's title in each language")
    number: str | None = None
    adopted: date | None = None
    article: str | None = Field(
        default=None,
        description="article numbers as '177', '205, 207' or '242(5)' (article 242, "
        "paragraph 5); each language cites them its own way",
    )
    url: str | None = Field(default=None, description="the official text (adilet.zan.kz, gov.kz)")
    source: str | None = Field(
        default=None,
        description="a secondary page the figure was taken from (press, a fund's statement); "
        "never shown as the legal basis",
    )
    confirmed: bool = Field(
        default=True, description="false: the figure is not confirmed from the official text"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_catalogue(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("law") is None:
            return data
        known = ACTS.get(str(data["law"]))
        if known is None:
            raise ValueError(f"unknown law '{data['law']}'; one of: {', '.join(sorted(ACTS))}")
        filled = {
            "act": known.citation(),
            "title": known.title,
            "number": known.number,
            "adopted": known.adopted,
            "url": known.url,
        }
        return {**{k: v for k, v in filled.items() if v is not None}, **data}

    @model_validator(mode="after")
    def _official(self) -> LegalReference:
        if self.url is not None and not is_official(self.url):
            raise ValueError(
                f"url {self.url} is not an official text (https on "
                f"{', '.join(OFFICIAL_HOSTS)}): keep such a page as 'source'"
            )
        return self

    def cited(self, lang: Lang) -> str:
        """The act as the reader's language cites it, with its date, number and article:
        «Социальный кодекс Республики Казахстан от 20 апреля 2023 г. № 224-VII, ст. 177»."""
        title = self.title.in_(lang) if self.title is not None else self.act
        if self.title is None:
            parts = [title]
        elif lang == "ru":
            parts = [title + (f" от {day(self.adopted, lang)}" if self.adopted else "")]
            parts[0] += f" № {self.number}" if self.number else ""
        elif lang == "kk":
            parts = [title]
            parts += [day(self.adopted, lang)] if self.adopted else []
            parts += [f"№ {self.number}"] if self.number else []
        else:
            parts = [title + (f" of {day(self.adopted, lang)}" if self.adopted else "")]
            parts[0] += f" No. {self.number}" if self.number else ""
        if self.article:
            parts.append(article_text(self.article, lang))
        return ", ".join(parts)


class ParameterValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    valid_from: date = Field(alias="from")
    valid_to: date | None = Field(default=None, alias="to")
    value: Decimal
    reference: LegalReference
    note: str | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Parameter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
    title: Text
    unit: str = Field(min_length=1)
    review_by: date | None = Field(
        default=None, description="the date by which someone must confirm the latest value"
    )
    note: str | None = None
    values: list[ParameterValue] = Field(min_length=1)

    @model_validator(mode="after")
    def _periods_do_not_overlap(self) -> Parameter:
        ordered = sorted(self.values, key=lambda v: v.valid_from)
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(
                    f"values from {earlier.valid_from} and {later.valid_from} overlap: "
                    f"give the earlier one a 'to' date before {later.valid_from}"
                )
        return self

    def value_on(self, day: date) -> ParameterValue:
        """The value in force on ``day``. Raises ParameterNotYetPublished after the last
        published value, ParameterNotInForce before the first one or in a gap."""
        for value in self.values:
            if value.covers(day):
                return value
        latest = self.latest()
        if latest.valid_to is not None and day > latest.valid_to:
            raise ParameterNotYetPublished(self.id, day, latest)
        first = min(v.valid_from for v in self.values)
        if day < first:
            detail = f"its first value starts on {first}"
        else:
            detail = "no period covers this date; add the value in force with its legal reference"
        raise ParameterNotInForce(self.id, day, detail)

    def latest(self) -> ParameterValue:
        return max(self.values, key=lambda v: v.valid_from)

    def last_day(self) -> date | None:
        """The last day a value is in force, or None when the latest value has no end."""
        return self.latest().valid_to

    def gaps_between(self, start: date, end: date) -> list[tuple[date, date]]:
        """Periods within [start, end] that no value covers."""
        gaps: list[tuple[date, date]] = []
        cursor = start
        for value in sorted(self.values, key=lambda v: v.valid_from):
            if value.valid_to is not None and value.valid_to < cursor:
                continue
            if value.valid_from > cursor:
                gaps.append((cursor, min(end, value.valid_from - timedelta(days=1))))
            if value.valid_to is None:
                return [g for g in gaps if g[0] <= end]
            cursor = max(cursor, value.valid_to + timedelta(days=1))
            if cursor > end:
                return [g for g in gaps if g[0] <= end]
        if cursor <= end:
            gaps.append((cursor, end))
        return [g for g in gaps if g[0] <= end]

    def with_value(self, valid_from: date, value: Decimal, reference: LegalReference) -> Parameter:
        """A copy where ``value`` applies from ``valid_from`` on (a what-if)."""
        kept: list[ParameterValue] = []
        for old in self.values:
            if old.valid_from >= valid_from:
                continue
            if old.valid_to is None or old.valid_to >= valid_from:
                old = old.model_copy(update={"valid_to": valid_from - timedelta(days=1)})
            kept.append(old)
        added = ParameterValue(
            valid_from=valid_from, valid_to=None, value=value, reference=reference
        )
        return self.model_copy(update={"values": [*kept, added]})


@dataclass(frozen=True)
class ReviewWarning:
    parameter: str
    message: str


class ParameterStore:
    """All parameters by id."""

    def __init__(self, parameters: dict[str, Parameter] | None = None) -> None:
        self.parameters: dict[str, Parameter] = dict(parameters or {})

    def copy(self) -> ParameterStore:
        """An independent store: what-ifs never touch the one in production."""
        return ParameterStore(dict(self.parameters))

    def override(self, parameter_id: str, valid_from: date, value: Decimal) -> None:
        reference = LegalReference(act="what-if (not law)")
        self.parameters[parameter_id] = self.get(parameter_id).with_value(
            valid_from, value, reference
        )

    def review_warnings(self, today: date, ahead_days: int = 60) -> list[ReviewWarning]:
        """Parameters due for review, or whose values run out, within ``ahead_days``."""
        horizon = today + timedelta(days=ahead_days)
        warnings: list[ReviewWarning] = []
        for parameter in sorted(self.parameters.values(), key=lambda p: p.id):
            if parameter.review_by is not None and parameter.review_by <= horizon:
                due = "was due" if parameter.review_by < today else "is due"
                warnings.append(
                    ReviewWarning(
                        parameter.id,
                        f"parameter '{parameter.id}' {due} for review on {parameter.review_by}: "
                        "confirm the values or add the new one with its legal reference",
                    )
                )
            last = parameter.last_day()
            if last is not None and last <= horizon:
                warnings.append(
                    ReviewWarning(
                        parameter.id,
                        f"parameter '{parameter.id}' has no value after {last}: from "
                        f"{last + timedelta(days=1)} the cases of rules that read it are held "
                        "until a value is added",
                    )
                )
        return warnings

    def __contains__(self, parameter_id: str) -> bool:
        return parameter_id in self.parameters

    def get(self, parameter_id: str) -> Parameter:
        try:
            return self.parameters[parameter_id]
        except KeyError:
            raise KeyError(f"unknown parameter '{parameter_id}'") from None

    def value(self, parameter_id: str, on: date) -> Decimal:
        return self.get(parameter_id).value_on(on).value

    def resolved(self, parameter_id: str, on: date) -> ParameterValue:
        return self.get(parameter_id).value_on(on)


class ParameterFile(BaseModel):
    """A file holding several related parameters (one table of the law)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parameters: list[Parameter] = Field(min_length=1)


def parse_parameter_file(path: Path) -> list[Parameter]:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(raw, dict) and "parameters" in raw:
        return list(ParameterFile.model_validate(raw).parameters)
    return [Parameter.model_validate(raw)]
