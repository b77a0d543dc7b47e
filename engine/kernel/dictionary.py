"""The data dictionary: which registry lookups exist and which fields each yields, so that a
rule naming a field that does not exist is refused when it is loaded, not when a citizen is
waiting. The engine reads only through these lookups (data minimisation).

Each lookup is a GET relative to ``/registries/{registry}``; 404 means "no record", which a
rule sees as a missing fact (outcome ``unknown``) unless it tests for it with ``has(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.kernel.texts import Text

FieldType = Literal["string", "int", "decimal", "bool", "date", "list"]
FIELD_TYPES: tuple[FieldType, ...] = ("string", "int", "decimal", "bool", "date", "list")


@dataclass(frozen=True)
class Domain:
    """What values a field can take: used to check decision tables for gaps."""

    values: tuple[str | int, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Lookup:
    registry: str
    path: str  # relative to the registry, with {iin} for the party's IIN
    fields: dict[str, FieldType]
    title: Text | None = None
    domains: dict[str, Domain] = field(default_factory=dict)


CITIZENSHIP = Domain(values=("citizen", "kandas", "permanent_resident", "foreigner"))
SEX = Domain(values=("M", "F"))
LANGUAGE = Domain(values=("kk", "ru", "en"))
REGION = Domain(
    values=(
        "astana",
        "almaty_city",
        "shymkent",
        "abai",
        "akmola",
        "aktobe",
        "almaty_region",
        "atyrau",
        "east_kazakhstan",
        "zhambyl",
        "zhetisu",
        "west_kazakhstan",
        "karaganda",
        "kostanay",
        "kyzylorda",
        "mangystau",
        "pavlodar",
        "north_kazakhstan",
        "turkistan",
        "ulytau",
    )
)
"""The 17 regions and the 3 cities of republican significance, as the registers code them."""
FUEL = Domain(values=("petrol", "diesel", "gas", "petrol_gas", "hybrid", "electric"))
COUNT = Domain(minimum=0)
AMOUNT = Domain(minimum=0)

PERSON_FIELDS: dict[str, FieldType] = {
    "iin": "string",
    "first_name": "string",
    "last_name": "string",
    "patronymic": "string",
    "first_name_kk": "string",
    "last_name_kk": "string",
    "sex": "string",
    "birth_date": "date",
    "citizenship": "string",
    "region": "string",
    "address": "string",
    "mother_iin": "string",
    "father_iin": "string",
    "spouse_iin": "string",
    "alive": "bool",
    "death_date": "date",
    "phone": "string",
    "language": "string",
    "has_bank_account": "bool",
    "birth_order": "int",
}
PERSON_DOMAINS = {
    "sex": SEX,
    "citizenship": CITIZENSHIP,
    "language": LANGUAGE,
    "region": REGION,
    "birth_order": Domain(minimum=1),
}

POPULATION = Text(kk="Жеке тұлғалар МДҚ", ru="ГБД «Физические лица»", en="population register")

LOOKUPS: dict[str, Lookup] = {
    "person": Lookup("population", "/persons/{iin}", PERSON_FIELDS, POPULATION, PERSON_DOMAINS),
    "spouse": Lookup(
        "population", "/persons/{iin}/spouse", PERSON_FIELDS, POPULATION, PERSON_DOMAINS
    ),
    "children": Lookup("population", "/persons/{iin}/children", {"items": "list"}, POPULATION),
    "household": Lookup(
        "population",
        "/persons/{iin}/household",
        {
            "iin": "string",
            "members": "list",
            "minor_children_count": "int",
            "children_under_23_count": "int",
        },
        POPULATION,
        {"minor_children_count": COUNT, "children_under_23_count": COUNT},
    ),
    "insurance": Lookup(
        "social_insurance",
        "/insured/{iin}",
        {
            "iin": "string",
            "insured": "bool",
            "since": "date",
            "average_monthly_income_kzt": "decimal",
            "months_with_contributions": "int",
            "income_history": "list",
        },
        Text(kk="МӘСҚ", ru="ГФСС", en="State Social Insurance Fund"),
        {"average_monthly_income_kzt": AMOUNT, "months_with_contributions": COUNT},
    ),
    "pension": Lookup(
        "pension",
        "/accounts/{iin}",
        {
            "iin": "string",
            "balance_kzt": "decimal",
            "years_of_participation": "int",
            "receiving_pension": "bool",
        },
        Text(kk="БЖЗҚ", ru="ЕНПФ", en="Unified Accumulative Pension Fund"),
        {"balance_kzt": AMOUNT, "years_of_participation": COUNT},
    ),
    "vehicles": Lookup(
        "vehicles",
        "/owners/{iin}/vehicles",
        {"items": "list"},
        Text(
            kk="Көлік құралдарының тізілімі",
            ru="реестр транспортных средств МВД",
            en="vehicle register",
        ),
    ),
    "disability": Lookup(
        "disability",
        "/persons/{iin}/disability",
        {
            "iin": "string",
            "group": "int",
            "cause": "string",
            "valid_from": "date",
            "valid_to": "date",
        },
        Text(kk="МӘСС шешімдері", ru="решения МСЭ", en="disability expertise decisions"),
        {"group": Domain(values=(1, 2, 3)), "cause": Domain(("general", "childhood", "child"))},
    ),
    "kindergarten_queue": Lookup(
        "education",
        "/queue/{iin}",
        {
            "entry_id": "string",
            "child_iin": "string",
            "region": "string",
            "position": "int",
            "requested_on": "date",
        },
        Text(kk="балабақша кезегі", ru="очередь в детский сад", en="kindergarten queue"),
        {"region": REGION, "position": Domain(minimum=1)},
    ),
    "tax_obligations": Lookup(
        "tax",
        "/obligations?iin={iin}",
        {"items": "list"},
        Text(kk="МКК", ru="КГД", en="State Revenue Committee"),
    ),
    "payments": Lookup(
        "payments",
        "/payments?iin={iin}",
        {"items": "list"},
        Text(kk="төлемдер тізілімі", ru="реестр выплат", en="payments ledger"),
    ),
}

RECORDS: dict[str, dict[str, FieldType]] = {
    "person": PERSON_FIELDS,
    "vehicle": {
        "vin": "string",
        "owner_iin": "string",
        "owner_bin": "string",
        "make": "string",
        "model": "string",
        "year": "int",
        "engine_cc": "int",
        "fuel": "string",
        "registration_date": "date",
    },
    "marriage": {
        "spouse1_iin": "string",
        "spouse2_iin": "string",
        "marriage_date": "date",
    },
    "disability_decision": {
        "iin": "string",
        "group": "int",
        "cause": "string",
        "valid_from": "date",
        "valid_to": "date",
        "decision_date": "date",
    },
}
"""Records a simulation can find life events among (a life event's ``simulation.records``):
persons, and the registers' records that are not persons (current vehicle registrations,
marriage acts, disability decisions)."""
RECORD_DOMAINS: dict[str, dict[str, Domain]] = {
    "person": PERSON_DOMAINS,
    "vehicle": {"fuel": FUEL},
    "marriage": {},
    "disability_decision": LOOKUPS["disability"].domains,
}
"""The code lists of the records' fields."""


AGENCIES: tuple[str, ...] = (
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
)
"""Agency codes of the public contract (the owners of fulfilment steps and rules)."""
