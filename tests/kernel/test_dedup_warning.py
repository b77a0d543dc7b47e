"""`rules validate` warns when a rule's dedup key cannot tell one occurrence of its life event
from the next (the owner's IIN alone for a vehicle registration: the second car, next year's
notice would be blocked), and stays quiet for keys that can."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.kernel.catalogue import load_catalogue

WARNING = "later ones are silently blocked"


def validate(workspace: Path, monkeypatch: pytest.MonkeyPatch, rule: str) -> tuple[int, str]:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "validate", "--warnings", rule])
    return result.exit_code, result.stdout + result.stderr


def with_key(workspace: Path, rule: str, key: str, extra: str = "") -> int:
    """Sets the rule's dedup key; returns the key's line."""
    file = workspace / rule
    lines = file.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("dedup_key:"))
    lines[index] = f'dedup_key: "{key}"' + (f"\n{extra}" if extra else "")
    file.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def test_an_owner_iin_key_on_vehicle_registrations_is_warned_at_its_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = with_key(workspace, "rules/vehicle_tax.yaml", "{event.owner_iin}")
    code, out = validate(workspace, monkeypatch, "rules/vehicle_tax.yaml")
    assert code == 0  # a warning, not a refusal
    warning = next(x for x in out.splitlines() if WARNING in x)
    assert warning.startswith(f"rules/vehicle_tax.yaml:{line}: warning: dedup_key ")
    assert "'vehicle_registration'" in warning
    assert "{event.registration_id} or {event.vin} or {event.registration_date}" in warning
    assert "dedup_once_because" in warning


def test_without_warnings_listed_validate_counts_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_key(workspace, "rules/vehicle_tax.yaml", "tax:{event.owner_iin}")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "validate", "rules/vehicle_tax.yaml"])
    assert result.exit_code == 0
    assert "warnings (list them with --warnings)" in result.stderr


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ("rules/vehicle_tax.yaml", "{event.owner_iin}"),
        ("rules/vehicle_tax.yaml", "{event.make}:{event.model}"),
        ("rules/vehicle_tax.yaml", "vehicle-tax"),
        ("rules/childbirth_allowance.yaml", "{event.mother_iin}"),
        ("rules/marriage_family_record.yaml", "{event.spouse1_iin}:{event.spouse2_iin}"),
        ("rules/disability_benefit.yaml", "{event.iin}"),
    ],
)
def test_keys_that_repeat_from_one_event_to_the_next_are_warned(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, rule: str, key: str
) -> None:
    with_key(workspace, rule, key)
    _, out = validate(workspace, monkeypatch, rule)
    assert WARNING in out


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ("rules/vehicle_tax.yaml", "{event.registration_id}"),
        ("rules/vehicle_tax.yaml", "{event.vin}"),
        ("rules/vehicle_tax.yaml", "{event.owner_iin}:{event.registration_date}"),
        ("rules/vehicle_tax.yaml", "{event.owner_iin}:{law_date}"),
        ("rules/childbirth_allowance.yaml", "{event.child_iin}"),
        ("rules/childbirth_allowance.yaml", "{child.iin}"),
        ("rules/childbirth_allowance.yaml", "{event.mother_iin}:{event.act_id}"),
        ("rules/burial_payment.yaml", "{event.iin}"),
        ("rules/old_age_base_pension.yaml", "{event.iin}"),
        ("rules/disability_benefit.yaml", "{event.decision_id}"),
    ],
)
def test_keys_that_tell_events_apart_are_not_warned(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, rule: str, key: str
) -> None:
    with_key(workspace, rule, key)
    code, out = validate(workspace, monkeypatch, rule)
    assert code == 0, out
    assert WARNING not in out


def test_a_rule_due_once_whatever_the_events_says_why_and_is_not_warned(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    why = 'dedup_once_because: "one registration fee per owner, whatever the cars"'
    with_key(workspace, "rules/vehicle_tax.yaml", "{event.owner_iin}", why)
    code, out = validate(workspace, monkeypatch, "rules/vehicle_tax.yaml")
    assert code == 0 and WARNING not in out


def test_once_for_must_name_a_party(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = workspace / "life_events/death.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("once_for: [deceased]", "once_for: [widow]"), encoding="utf-8")
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(app, ["rules", "validate"])
    assert result.exit_code == 1
    assert "once_for: 'widow' is not one of the parties" in result.stdout


def test_the_shipped_catalogue_has_no_such_warning() -> None:
    root = Path(__file__).resolve().parents[2]
    catalogue = load_catalogue(root / "rules", root / "life_events", root=root)
    assert not catalogue.problems
    assert [str(w) for w in catalogue.warnings if WARNING in w.message] == []


def test_a_rule_whose_later_events_update_its_item_is_not_warned(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_key(workspace, "rules/vehicle_tax.yaml", "{event.owner_iin}", "later_events: update")
    code, out = validate(workspace, monkeypatch, "rules/vehicle_tax.yaml")
    assert code == 0 and WARNING not in out, out


@pytest.mark.parametrize(
    "rule", ["rules/marriage_family_record.yaml", "rules/vehicle_tax_disability_exemption.yaml"]
)
def test_later_events_update_needs_an_amount_of_its_own(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, rule: str
) -> None:
    """Updating the one item means deciding its amount again: a rule without an amount, or a
    modifier (whose result is in its base's item), is refused."""
    file = workspace / rule
    text = file.read_text(encoding="utf-8").rstrip("\n") + "\nlater_events: update\n"
    file.write_text(text, encoding="utf-8")
    code, out = validate(workspace, monkeypatch, rule)
    assert code == 1
    line = len(text.splitlines())
    expected = f"{rule}:{line}: later_events: update decides the amount of the one item again"
    assert expected in out, out
