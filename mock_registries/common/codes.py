"""The closed code lists of the registries' records, shared by their requests, answers and
OpenAPI documents."""

from __future__ import annotations

from typing import Literal

Sex = Literal["M", "F"]
Citizenship = Literal["citizen", "kandas", "permanent_resident", "foreigner"]
Language = Literal["kk", "ru", "en"]
Region = Literal[
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
]
Fuel = Literal["petrol", "diesel", "gas", "petrol_gas", "hybrid", "electric"]
DeregistrationReason = Literal["sold", "scrapped", "exported", "owner_died", "stolen", "other"]
TaxKind = Literal["vehicle_tax", "property_tax", "land_tax", "individual_income_tax"]
ObligationStatus = Literal["open", "closed"]
CloseReason = Literal["paid", "cancelled", "written_off"]
DisabilityGroup = Literal[1, 2, 3]
DisabilityCause = Literal["general", "childhood", "child"]
PayingAgency = Literal["gfc", "gfss", "enpf"]
QueueStatus = Literal["waiting", "placed"]
