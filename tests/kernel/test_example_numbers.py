"""Every IIN and BIN shown as an example (in the docs, the rule files and their test cases, the
life events, the tests' catalogues) passes its check digit: an analyst who copies one into a
case or a registry request must not meet a number the registries refuse.

A 12-digit number is taken as an IIN or BIN when its line names one: a key or word such as
``iin``, ``child_iin``, ``owner_bin``, ``ИИН``, ``БИН`` or ``ЖСН`` (``bin/`` in a path does not
count). Once a number is so named in a file, every other place it appears in that file is
checked too (the same person in a URL or an expected text). Other 12-digit numbers (amounts,
counts) are left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.kernel.iin import bin_problem, iin_problem

ROOT = Path(__file__).resolve().parents[2]

NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)")
IIN_WORD = re.compile(r"(?<![/\w])(?:\w*_)?(?:iins?|ИИН|ЖСН)(?![/\w])", re.IGNORECASE)
BIN_WORD = re.compile(r"(?<![/\w])(?:\w*_)?(?:bins?|БИН)(?![/\w])", re.IGNORECASE)


def example_files(root: Path) -> list[Path]:
    files = [root / "README.md", root / "rules/README.md", *sorted((root / "docs").glob("*.md"))]
    for folder, pattern in [("rules", "*.yaml"), ("life_events", "*.yaml"), ("tests", "*.y*ml")]:
        files += sorted((root / folder).rglob(pattern))
    return [f for f in files if f.is_file()]


def named_numbers(lines: list[str]) -> dict[str, set[str]]:
    """Each number the file names as an IIN or a BIN somewhere, with what it is named as."""
    kinds: dict[str, set[str]] = {}
    for line in lines:
        named = {k for k, word in [("IIN", IIN_WORD), ("BIN", BIN_WORD)] if word.search(line)}
        for number in NUMBER.findall(line) if named else []:
            kinds.setdefault(number, set()).update(named)
    return kinds


def wrong_numbers(path: Path, shown: str) -> list[str]:
    """``file:line: number: why`` for each IIN or BIN example in the file that is not valid."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kinds = named_numbers(lines)
    found: list[str] = []
    for index, line in enumerate(lines, start=1):
        for number in NUMBER.findall(line):
            if number not in kinds:
                continue
            problems = [
                f"not a valid {kind}: {check(number)}"
                for kind, check in [("IIN", iin_problem), ("BIN", bin_problem)]
                if kind in kinds[number] and check(number) is not None
            ]
            if len(problems) == len(kinds[number]):
                found.append(f"{shown}:{index}: {number}: {'; '.join(problems)}")
    return found


def test_every_example_iin_and_bin_passes_its_check_digit() -> None:
    found = [
        problem
        for path in example_files(ROOT)
        for problem in wrong_numbers(path, str(path.relative_to(ROOT)))
    ]
    assert not found, "\n".join(found)


def test_the_scan_sees_the_examples_it_guards() -> None:
    named = {
        path.name: named_numbers(path.read_text(encoding="utf-8").splitlines())
        for path in example_files(ROOT)
    }
    assert {"900101400003", "260310500010"} <= set(named["childbirth_allowance.yaml"])
    assert named["vehicle_tax.yaml"]["100140000013"] == {"BIN"}
    assert "920317411919" in named["registries.md"]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ('    event: {child_iin: "260310500011"}', "check digit is 1, expected 0"),
        ("  owner_bin: 100140000016", "not a valid BIN: check digit does not match"),
        ("ИИН 900101400005 матери", "not a valid IIN"),
        ("bin: 100100000011", "digit 5 (entity type) must be 4, 5 or 6"),
    ],
)
def test_a_wrong_example_is_reported_at_its_line(tmp_path: Path, line: str, reported: str) -> None:
    file = tmp_path / "guide.md"
    file.write_text(f"# Guide\n\n{line}\n", encoding="utf-8")
    found = wrong_numbers(file, "guide.md")
    assert len(found) == 1 and found[0].startswith("guide.md:3: ") and reported in found[0]


def test_the_same_number_is_checked_wherever_the_file_shows_it(tmp_path: Path) -> None:
    file = tmp_path / "rule.yaml"
    file.write_text(
        'event: {child_iin: "260310500010"}\n'
        'expect: {text: {en: "260310500011"}}\n'
        'person: {iin: "260310500011"}\n',
        encoding="utf-8",
    )
    assert [f.split(": ")[0] for f in wrong_numbers(file, "rule.yaml")] == [
        "rule.yaml:2",
        "rule.yaml:3",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "amount_tiyn: 123456789012",
        ".venv/bin/proactive rules simulate --population 100000000000",
        "binary: 123456789012",
        "cabin: 123456789012",
    ],
)
def test_numbers_not_named_as_an_iin_or_bin_are_left_alone(tmp_path: Path, line: str) -> None:
    file = tmp_path / "notes.md"
    file.write_text(line + "\n", encoding="utf-8")
    assert wrong_numbers(file, "notes.md") == []
