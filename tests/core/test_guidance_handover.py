"""The hand-over advice (what to do with the bundle) is one text from resources/guidance/handover.toml with
the country's own police route, in the window, `bundle export`, `guidance --handover` and the PDF."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from evidencekit import i18n
from evidencekit.cli import main
from evidencekit.guidance import load_guidance
from evidencekit.guidance.handover import handover_paragraphs, police_route, police_sentences
from evidencekit.guidance.plaintext import markdown_to_text


def test_every_country_gets_its_own_police_route_and_no_other_body() -> None:
    guidance = load_guidance()
    texts = guidance.handover_texts()
    for country in guidance.countries():
        police = country.non_emergency
        joined = "\n".join(handover_paragraphs(texts, country, under_18=False))
        assert police_route(texts, police) in joined, country.code
        assert (country.name in joined) is not country.international, country.code
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


# A police route's name is often a label ("Your local police department", "Your local police"), not words
# to put after "contact the police:"; such a route says in its own words how to reach it. Every country's
# sentence, in every language shipped: no label pushed into the general sentence, no capital after a verb,
# no brackets inside brackets, and the international fallback with no "(Another country)" in its heading.
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_countrys_police_sentence_reads_as_a_sentence(language: str) -> None:
    with i18n.using_language(language):
        guidance = load_guidance()
        texts = guidance.handover_texts()
        for country in guidance.countries():
            for sentence in police_sentences(texts, country):
                route_part = sentence.split(":** ", 1)[-1] if sentence.startswith("**") else sentence
                route_part = route_part.split(": ", 1)[-1]  # after "In Scotland: "
                assert route_part[0].islower(), (country.code, sentence)
                assert not any(label in sentence for label in (": Your ", ": Tu ", ": La ", ": El ")), sentence
                assert not re.search(r"\([^()]*\(", sentence), (country.code, sentence)
                assert "{" not in sentence and "None" not in sentence, (country.code, sentence)
        intl = police_sentences(texts, guidance.country("INTL"))
        assert guidance.country("INTL").name not in intl[0]
    if language == "en":
        assert intl[0].startswith("**How to bring it to the police:** contact the local police where you live "
                                  "(their website usually says how to report online). Say that you have an "
                                  "evidence bundle (one PDF file) ready.")
    else:
        assert intl[0].startswith("**Cómo hacérselo llegar a la policía:** contacta con la policía del lugar "
                                  "donde vives (su web suele explicar cómo denunciar en línea). Di que tienes")


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


def test_the_pdfs_next_steps_page_gives_another_country_its_own_sentence() -> None:
    from evidencekit.bundle.pages_back import _police_route

    lines = _police_route(SimpleNamespace(region="INTL"))  # type: ignore[arg-type]
    assert lines[0].startswith("How to bring it to the police: contact the local police where you live (their "
                               "website usually says how to report online).")
    assert "Another country" not in lines[0] and "contact the police:" not in lines[0]
