"""The hand-over advice (what to do with the bundle) is one text from resources/guidance/handover.toml with
the country's own police route, in the window, `bundle export`, `guidance --handover` and the PDF."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from evidencekit.cli import main
from evidencekit.guidance import load_guidance
from evidencekit.guidance.handover import handover_paragraphs, police_route
from evidencekit.guidance.plaintext import markdown_to_text


def test_every_country_gets_its_own_police_route_and_no_other_body() -> None:
    guidance = load_guidance()
    texts = guidance.handover_texts()
    for country in guidance.countries():
        police = country.non_emergency
        joined = "\n".join(handover_paragraphs(texts, country, under_18=False))
        assert police_route(texts, police) in joined and country.name in joined, country.code
        for reach in (police.number, police.url):
            if reach:
                assert reach in joined, country.code
        for other in country.report_online:
            if other.name != police.name:
                assert other.name not in joined, (country.code, other.name)
        assert "{" not in joined, country.code
    gb = "\n".join(handover_paragraphs(texts, guidance.country("GB"), under_18=True))
    assert "In Scotland: call **101** (Police Scotland non-emergency)." in gb
    assert texts.under_18 in gb


def test_size_fingerprint_and_zip_sentences_appear_only_with_a_bundle() -> None:
    guidance = load_guidance()
    texts, gb = guidance.handover_texts(), guidance.country("GB")
    without = handover_paragraphs(texts, gb, under_18=False)
    assert texts.email not in without and "fingerprint" not in " ".join(without)
    big = handover_paragraphs(texts, gb, under_18=False, size=30 * 1024 * 1024, size_text="30.0 MB",
                              fingerprint="ab" * 32, zip_name="case.zip")
    assert any("The file is 30.0 MB: too big for most email." in p for p in big)
    assert any("(abababababababab…)" in p for p in big) and any("**case.zip**" in p for p in big)
    assert texts.email in handover_paragraphs(texts, gb, under_18=False, size=1000, size_text="1 KB")


@pytest.mark.parametrize("code", ["IN", "MY", "US"])
def test_guidance_handover_prints_the_same_text(capsys: pytest.CaptureFixture[str], code: str) -> None:
    assert main(["guidance", "--handover", "--country", code]) == 0
    out = capsys.readouterr()[0]
    guidance = load_guidance()
    expected = markdown_to_text("\n\n".join(handover_paragraphs(guidance.handover_texts(), guidance.country(code),
                                                                under_18=False)), 78, "")
    assert out.strip() == expected.strip()


def test_the_pdfs_next_steps_page_names_the_cases_police_route() -> None:
    from evidencekit.bundle.pages_back import _police_route

    assert any("call 1930 (National Cyber Crime Helpline)" in line
               for line in _police_route(SimpleNamespace(region="IN")))  # type: ignore[arg-type]
    scotland = _police_route(SimpleNamespace(region="GB"))  # type: ignore[arg-type]
    assert scotland[-1] == "In Scotland: call 101 (Police Scotland non-emergency)."
