"""The rule catalogue as public services in CPSV-AP 3.2 (the EU Core Public Service Vocabulary
Application Profile), JSON-LD: each active rule is a public service, grouped by the life event
that triggers it, with its competent authority, legal resources and texts in kk, ru and en."""

from __future__ import annotations

from typing import Any

from engine.kernel.catalogue import Catalogue
from engine.kernel.texts import LANGUAGES, Text

CONTEXT: dict[str, Any] = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
}

AGENCY_NAMES = {
    "civil": "Civil registration offices, Ministry of Justice",
    "mvd": "Ministry of Internal Affairs",
    "digital": "Ministry of Artificial Intelligence and Digital Development",
    "gfc": 'State Corporation "Government for Citizens"',
    "labour": "Ministry of Labour and Social Protection of the Population",
    "gfss": "State Social Insurance Fund",
    "enpf": "Unified Accumulative Pension Fund",
    "kgd": "State Revenue Committee",
    "education": "Education departments of local executive bodies",
    "health": "Ministry of Health",
}


def _texts(text: Text) -> list[dict[str, str]]:
    return [{"@language": lang, "@value": text.in_(lang)} for lang in LANGUAGES]


def _authority(agency: str) -> dict[str, Any]:
    return {
        "@id": f"urn:proactive:agency:{agency}",
        "@type": "cv:PublicOrganisation",
        "skos:prefLabel": {"@language": "en", "@value": AGENCY_NAMES.get(agency, agency)},
        "cv:spatial": "http://publications.europa.eu/resource/authority/country/KAZ",
    }


def cpsv_catalogue(catalogue: Catalogue) -> dict[str, Any]:
    published = {}
    for rule_id, versions in sorted(catalogue.versions.items()):
        active = [c for c in versions if c.rule.status == "active"]
        if active:  # the newest law: a shadow version being tried is not published
            published[rule_id] = active[-1]
    services = []
    for rule_id, compiled in published.items():
        rule = compiled.rule
        if rule.modifies is not None:
            continue  # a relief or top-up is part of its base's service, not one of its own
        modifiers = [
            c.rule
            for c in published.values()
            if c.rule.modifies is not None and c.rule.modifies.rule == rule_id
        ]
        services.append(
            {
                "@id": f"urn:proactive:service:{rule_id}",
                "@type": "cpsv:PublicService",
                "dct:identifier": rule_id,
                "dct:title": _texts(rule.title),
                "dct:description": _texts(rule.description),
                "cv:hasCompetentAuthority": _authority(rule.agency),
                "cv:isGroupedBy": [
                    {
                        "@id": f"urn:proactive:life-event:{name}",
                        "@type": "cv:LifeEvent",
                        "dct:identifier": name,
                        "dct:title": _texts(catalogue.life_events[name].title),
                    }
                    for name in rule.life_events
                    if name in catalogue.life_events
                ],
                "cpsv:follows": [
                    {
                        "@type": "eli:LegalResource",
                        "dct:title": ref.act + (f", {ref.article}" if ref.article else ""),
                        **({"@id": ref.url} if ref.url else {}),
                    }
                    for ref in [
                        *rule.legal_basis,
                        *(ref for modifier in modifiers for ref in modifier.legal_basis),
                    ]
                ],
                "cv:hasChannel": [
                    {"@type": "cv:Channel", "dct:type": "proactive (no application)"}
                ],
                "schema:validFrom": rule.valid_from.isoformat(),
                **({"schema:validThrough": rule.valid_to.isoformat()} if rule.valid_to else {}),
                "dct:type": rule.delivery,
                "dct:hasVersion": compiled.version,
            }
        )
    return {"@context": CONTEXT, "@graph": services}
