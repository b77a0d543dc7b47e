"""Every legal basis names the act in the reader's language and links only to its official
text; a figure read in the press is kept apart as its source and flagged as unconfirmed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from engine.kernel.catalogue import load_catalogue
from engine.kernel.legal_acts import ACTS, is_official
from engine.kernel.parameters import LegalReference

ROOT = Path(__file__).resolve().parents[2]


def all_references() -> list[tuple[str, LegalReference]]:
    catalogue = load_catalogue(ROOT / "rules", ROOT / "life_events")
    found: list[tuple[str, LegalReference]] = []
    for versions in catalogue.versions.values():
        for compiled in versions:
            rule = compiled.rule
            found += [(rule.id, ref) for ref in rule.legal_basis]
            found += [(rule.id, c.legal_basis) for c in rule.conditions if c.legal_basis]
    for parameter in catalogue.parameters.parameters.values():
        found += [(parameter.id, value.reference) for value in parameter.values]
    return found


def test_every_legal_basis_link_is_an_official_text() -> None:
    references = all_references()
    assert len(references) > 80
    for owner, reference in references:
        assert reference.law in ACTS, (owner, reference.act)
        if reference.url is not None:
            assert is_official(reference.url), (owner, reference.url)
    for act in ACTS.values():
        assert act.url is None or is_official(act.url)


def test_a_figure_from_the_press_is_a_source_and_flagged() -> None:
    for owner, reference in all_references():
        if reference.source is not None:
            assert not is_official(reference.source), owner
            assert reference.confirmed is False, owner
            assert reference.url != reference.source


def test_a_press_link_is_refused_as_the_legal_basis() -> None:
    with pytest.raises(ValidationError, match=r"not an official text.*'source'"):
        LegalReference(act="Social Code", url="https://alau.kz/some-news/")
    with pytest.raises(ValidationError, match="unknown law 'social_cod'"):
        LegalReference.model_validate({"law": "social_cod"})
    assert not is_official("http://adilet.zan.kz/rus/docs/K2300000224")  # not https
    assert not is_official("https://adilet.zan.kz.example.com/")
    assert is_official("https://www.gov.kz/situations/17/intro?lang=en")


def test_an_act_is_cited_in_each_language_with_date_number_and_article() -> None:
    reference = LegalReference.model_validate({"law": "social_code", "article": "242(5)"})
    assert reference.cited("ru") == (
        "Социальный кодекс Республики Казахстан от 20 апреля 2023\u202fг. № 224-VII, п. 5 ст. 242"
    )
    assert reference.cited("kk") == (
        "Қазақстан Республикасының Әлеуметтік кодексі, 2023\u202fж. 20 сәуір, № 224-VII, "
        "242-баптың 5-тармағы"
    )
    assert reference.cited("en") == (
        "Social Code of the Republic of Kazakhstan of 20 April 2023 No. 224-VII, Article 242(5)"
    )
    several = LegalReference.model_validate({"law": "tax_code_2017", "article": "490–496"})
    assert several.cited("kk").endswith("490–496-баптар")
