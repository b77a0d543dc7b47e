"""What Kazakhstan drives: makes and models with their engines and years, for the seeded fleet
and the demo scenario; VINs and state number plates in the real formats.

The weights mix the older fleet (the average car in Kazakhstan is about 20 years old:
Toyota Camry, Lada, Daewoo Nexia, Audi 80, Volkswagen Passat) with recent sales, led by the
Chevrolet Cobalt and the Hyundai and Kia models assembled in Kazakhstan, Lada, and the Chinese
brands that grew fast from 2023.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

VIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # no I, O, Q
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_MODEL_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 = A, 30-year cycle

FUELS = ("petrol", "diesel", "gas", "petrol_gas", "hybrid", "electric")
COLOURS = (
    ("white", 30),
    ("black", 17),
    ("silver", 16),
    ("grey", 14),
    ("blue", 6),
    ("red", 5),
    ("beige", 4),
    ("green", 3),
    ("brown", 3),
    ("yellow", 2),
)

# the two-digit region code on state number plates (ГРНЗ), e.g. "123 ABC 02" in Almaty
PLATE_REGION = {
    "astana": "01",
    "almaty_city": "02",
    "akmola": "03",
    "aktobe": "04",
    "almaty_region": "05",
    "atyrau": "06",
    "west_kazakhstan": "07",
    "zhambyl": "08",
    "karaganda": "09",
    "kostanay": "10",
    "kyzylorda": "11",
    "mangystau": "12",
    "turkistan": "13",
    "pavlodar": "14",
    "north_kazakhstan": "15",
    "east_kazakhstan": "16",
    "shymkent": "17",
    "abai": "18",
    "zhetisu": "19",
    "ulytau": "20",
}
_PLATE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Model:
    make: str
    model: str
    wmi: str  # world manufacturer identifier: the first three characters of the VIN
    engines: tuple[int, ...]  # cubic centimetres; () for electric
    fuel: str
    first_year: int
    last_year: int
    weight: float  # share of the fleet, relative


MODELS: tuple[Model, ...] = (
    Model("Chevrolet", "Cobalt", "XWB", (1485,), "petrol", 2013, 2026, 9.0),
    Model("Chevrolet", "Onix", "XWB", (1199, 1349), "petrol", 2023, 2026, 2.5),
    Model("Chevrolet", "Nexia", "XWB", (1485,), "petrol", 2016, 2021, 2.0),
    Model("Daewoo", "Nexia", "XWB", (1498,), "petrol", 1996, 2016, 5.0),
    Model("Daewoo", "Matiz", "XWB", (796,), "petrol", 2001, 2015, 1.5),
    Model("Hyundai", "Accent", "KMH", (1396, 1591), "petrol", 2011, 2026, 6.0),
    Model("Hyundai", "Elantra", "KMH", (1591, 1999), "petrol", 2016, 2026, 4.0),
    Model("Hyundai", "Tucson", "KMH", (1999, 2497), "petrol", 2016, 2026, 4.0),
    Model("Hyundai", "Santa Fe", "KMH", (2199, 2497), "diesel", 2006, 2026, 1.5),
    Model("Kia", "Rio", "KNA", (1591,), "petrol", 2012, 2026, 4.0),
    Model("Kia", "Sportage", "KNA", (1999, 2497), "petrol", 2012, 2026, 3.0),
    Model("Kia", "K5", "KNA", (1999, 2497), "petrol", 2020, 2026, 2.0),
    Model("Toyota", "Camry", "JTN", (2362, 2494, 3456), "petrol", 1998, 2026, 7.0),
    Model("Toyota", "Corolla", "JTD", (1598, 1798), "petrol", 2002, 2026, 3.0),
    Model("Toyota", "RAV4", "JTM", (1998, 2494), "petrol", 2006, 2026, 2.0),
    Model("Toyota", "Land Cruiser Prado", "JTE", (2693, 3956), "petrol", 2003, 2026, 2.0),
    Model("Toyota", "Land Cruiser", "JTM", (4608, 3346), "petrol", 2008, 2026, 1.0),
    Model("Lexus", "RX 350", "JTJ", (3456,), "petrol", 2009, 2026, 1.0),
    Model("Lada", "Granta", "XTA", (1596,), "petrol", 2011, 2026, 5.0),
    Model("Lada", "Vesta", "XTA", (1596, 1774), "petrol", 2015, 2026, 3.0),
    Model("Lada", "Niva Legend", "XTA", (1690,), "petrol", 1995, 2026, 3.0),
    Model("Lada", "2107", "XTA", (1451, 1568), "petrol", 1985, 2012, 3.0),
    Model("Lada", "Priora", "XTA", (1596,), "petrol", 2007, 2018, 2.0),
    Model("Volkswagen", "Passat", "WVW", (1781, 1984), "petrol", 1990, 2015, 3.0),
    Model("Volkswagen", "Polo", "XW8", (1598,), "petrol", 2011, 2020, 1.5),
    Model("Audi", "80", "WAU", (1781, 1984), "petrol", 1986, 1996, 2.5),
    Model("Audi", "A6", "WAU", (2393, 2771), "petrol", 1998, 2012, 1.0),
    Model("Mercedes-Benz", "E 230", "WDB", (2295,), "petrol", 1992, 2002, 1.5),
    Model("Mercedes-Benz", "Sprinter", "WDB", (2148, 2987), "diesel", 2000, 2022, 1.0),
    Model("Mitsubishi", "Pajero", "JMB", (2972, 3497), "petrol", 1998, 2021, 1.0),
    Model("Mitsubishi", "Outlander", "JMB", (1998, 2360), "petrol", 2007, 2026, 1.0),
    Model("Opel", "Vectra", "W0L", (1598, 1796), "petrol", 1995, 2008, 1.5),
    Model("Nissan", "X-Trail", "JN1", (1997, 2488), "petrol", 2004, 2026, 1.0),
    Model("Honda", "CR-V", "JHL", (1997, 2354), "petrol", 2002, 2020, 1.0),
    Model("GAZ", "Gazelle", "X96", (2890,), "petrol_gas", 1997, 2026, 1.0),
    Model("Chery", "Tiggo 7 Pro", "LVV", (1498,), "petrol", 2021, 2026, 2.0),
    Model("Haval", "Jolion", "LGW", (1497,), "petrol", 2021, 2026, 2.0),
    Model("JAC", "S3", "LJ1", (1590,), "petrol", 2016, 2026, 1.5),
    Model("Jetour", "Dashing", "LVT", (1498,), "petrol", 2023, 2026, 1.0),
    Model("Toyota", "Prius", "JTD", (1798,), "hybrid", 2010, 2022, 0.5),
    Model("BYD", "Song Plus", "LGX", (), "electric", 2021, 2026, 0.5),
    Model("Zeekr", "001", "L6T", (), "electric", 2022, 2026, 0.3),
)
_CUMULATIVE: list[float] = []
_total = 0.0
for _model in MODELS:
    _total += _model.weight
    _CUMULATIVE.append(_total)


def pick_model(rng: random.Random) -> Model:
    point = rng.random() * _total
    for model, edge in zip(MODELS, _CUMULATIVE, strict=True):
        if point < edge:
            return model
    return MODELS[-1]


def pick_year(rng: random.Random, model: Model, this_year: int) -> int:
    """Older years are common: the fleet ages slowly (triangular towards the first year)."""
    last = min(model.last_year, this_year)
    span = last - model.first_year
    if span <= 0:
        return last
    return last - int(rng.triangular(0, span + 1, span * 0.35))


def pick_colour(rng: random.Random) -> str:
    return rng.choices([c for c, _ in COLOURS], weights=[w for _, w in COLOURS])[0]


def vin_check_digit(vin: str) -> str:
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def make_vin(rng: random.Random, model: Model, year: int, serial: int) -> str:
    """A 17-character VIN: manufacturer, vehicle descriptor, check digit, model year, plant
    and a serial number (the serial keeps VINs of one process unique)."""
    descriptor = "".join(rng.choice(VIN_LETTERS) for _ in range(5))
    year_code = _MODEL_YEAR_CODES[(year - 1980) % 30]
    plant = rng.choice(VIN_LETTERS)
    body = f"{model.wmi}{descriptor}0{year_code}{plant}{serial % 1_000_000:06d}"
    return body[:8] + vin_check_digit(body) + body[9:]


def make_plate(rng: random.Random, region: str) -> str:
    digits = rng.randrange(1, 1000)
    letters = "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
    return f"{digits:03d} {letters} {PLATE_REGION.get(region, '01')}"


def vin_problem(vin: str) -> str | None:
    """Why a string is not a VIN, or None."""
    if len(vin) != 17:
        return f"a VIN has exactly 17 characters, this one has {len(vin)}"
    forbidden = sorted({ch for ch in vin if ch in "IOQ"})
    if forbidden:
        return f"a VIN never contains the letters I, O or Q (found {', '.join(forbidden)})"
    bad = sorted({ch for ch in vin if ch not in VIN_LETTERS})
    if bad:
        return f"a VIN has only capital Latin letters and digits (found {''.join(bad)!r})"
    return None
