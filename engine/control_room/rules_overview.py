"""The catalogue as the control room shows it: each service with its agency, its status and
the version that decides today's events."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.inbox.names import agency_name
from engine.kernel.catalogue import Catalogue
from engine.kernel.l10n import day
from engine.kernel.texts import Lang


def rules_overview(catalogue: Catalogue, today: date, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for rule_id, versions in sorted(catalogue.versions.items()):
        deciding = catalogue.rule_on(rule_id, today) or versions[-1]
        rule = deciding.rule
        rows.append(
            {
                "id": rule_id,
                "title": rule.title.in_(lang),
                "agency": agency_name(rule.agency, lang),
                "status": rule.status,
                "valid_from": day(rule.valid_from, lang),
                "version": deciding.version[:8],
                "versions": len(versions),
                "unconfirmed": len(catalogue.unconfirmed(deciding)),
                "next_from": day(deciding.superseded_from, lang)
                if deciding.superseded_from
                else None,
            }
        )
    return rows
