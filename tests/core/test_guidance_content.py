"""Content checks on the shipped guidance: complete, well-formed, safe, and kind.

These read the real resources/guidance files, so a wrong edit to the data fails here, not in front of
a frightened person. The sentence checks are proven able to fail on known-bad sentences first.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

import pytest

from evidencekit.guidance import (
    COUNTRY_CODES,
    PLATFORM_IDS,
    STEP_IDS,
    Guidance,
    Platform,
    Source,
    is_well_formed_url,
    load_guidance,
    render_text,
)

CAPTURE_OR_KEEP = re.compile(
    r"\b(captur\w*|take (a )?pictures?|takes? a screenshot|screenshot\w*|photograph\w*|sav(e|es|ing)|"
    r"keep\w*|kept|stor(e|es|ing)|download\w*|forward\w*|shar(e|es|ing)|send\w*)\b", re.I)
IMAGE_WORDS = re.compile(r"\b(nudes?|naked|sexual|intimate|explicit|images?|photos?|videos?)\b", re.I)
NEGATION = re.compile(r"\b(never|not|no|don't|do not|without|nothing)\b", re.I)
PAY_VERB = re.compile(r"\bpay(s|ing)?\b", re.I)
# Every phone number the guidance shows, each with the sources.toml keys of the public pages it was read on.
# Adding a number means adding it here, in the same change, with its source (docs/guidance-format.md).
REVIEWED_NUMBERS: dict[str, tuple[str, ...]] = {
    "999": ("uk-999-101", "police-scotland-101-999", "sg-police-advisory", "my-999"),
    "101": ("uk-999-101", "police-scotland-101-999", "revenge-porn-helpline"),
    "116 123": ("samaritans",),
    "0345 6000 459": ("revenge-porn-helpline",),
    "0800 1111": ("childline-uk-number",),
    "0300 123 2040": ("report-fraud-uk",),
    "911": ("us-988", "cybertip-ca", "ph-911-1553", "mx-911", "mx-911-089"),
    "988": ("us-988", "ca-988"),
    "1 800 843 5678": ("tndagc-cybertipline",),
    "1 866 658 9022": ("cybertip-ca",),
    "1 800 668 6868": ("kids-help-phone",),
    "686868": ("kids-help-phone-text", "kids-help-phone"),
    "000": ("au-000-131444",),
    "131 444": ("au-000-131444", "au-131444-national"),
    "13 11 14": ("lifeline-au",),
    "1800 55 1800": ("kids-helpline-au",),
    "112": ("ie-112", "in-112-1098", "ng-112", "my-999"),
    "1800 66 66 66": ("childline-ie",),
    "50101": ("childline-ie",),
    "111": ("nz-111",),
    "105": ("nz-105",),
    "1737": ("nz-1737",),
    "1930": ("in-1930-portal", "in-1930-lok-sabha"),
    "14416": ("in-tele-manas",),
    "1098": ("in-112-1098",),
    "1553": ("ph-911-1553",),
    "0917 899 8727": ("ph-ncmh",),
    "10111": ("za-10111",),
    "08600 10111": ("za-crime-stop",),
    "0800 567 567": ("za-sadag",),
    "116": ("za-childline",),
    "1800 255 0000": ("sg-police-advisory",),
    "1767": ("sg-sos", "sg-helplines-2025"),
    "9151 1767": ("sg-sos",),
    "1771": ("sg-helplines-2025",),
    "6669 1771": ("sg-helplines-2025",),
    "0800 078 7746": ("ng-surpin", "ng-surpin-2"),
    "997": ("my-nsrc",),
    "15999": ("my-talian-kasih",),
    "091": ("es-policia-091",),
    "062": ("es-guardia-civil-062",),
    "024": ("es-024",),
    "017": ("es-incibe-017", "es-incibe-sextorsion"),
    "900 116 117": ("es-incibe-017",),
    "900 20 20 10": ("es-anar", "es-anar-navarra"),
    "089": ("mx-911-089",),
    "800 911 2000": ("mx-linea-de-la-vida", "mx-linea-de-la-vida-2"),
    "55 5242 5100": ("mx-cdmx-policia-cibernetica",),
    "5086": ("mx-cdmx-policia-cibernetica",),
}


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:;])\s+|\n+", text) if s.strip()]


def suggests_keeping_images(sentence: str) -> bool:
    return bool(CAPTURE_OR_KEEP.search(sentence) and IMAGE_WORDS.search(sentence)
                and not NEGATION.search(sentence))


def nudges_to_pay(sentence: str) -> bool:
    return bool(PAY_VERB.search(sentence) and not NEGATION.search(sentence))


def strings_in(value: object, *, with_sources: bool = True) -> list[str]:
    """Every string inside a dataclass tree (texts, names, urls), optionally leaving out Source records."""
    if isinstance(value, Source) and not with_sources:
        return []
    if isinstance(value, str):
        return [value]
    if is_dataclass(value) and not isinstance(value, type):
        return [s for f in fields(value) for s in strings_in(getattr(value, f.name), with_sources=with_sources)]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in strings_in(item, with_sources=with_sources)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item, with_sources=with_sources)]
    return []


def platform_texts(platform: Platform) -> list[str]:
    texts = [*platform.report.steps, *platform.hide.steps, platform.hide.trap, platform.hide.instead,
             platform.identity.record, platform.identity.where]
    return texts + list(platform.capture.notes if platform.capture else ())


def all_step_texts(guidance: Guidance, under_18: bool) -> list[str]:
    return [t for s in guidance.steps(under_18) for t in (s.title, s.what_to_do, s.why, s.next)]


# --- the checks can fail -------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "Take a screenshot of the nude image they sent.",
    "Save the video as evidence.",
    "Keep the photos somewhere safe.",
])
def test_image_check_flags_sentences_that_suggest_keeping_images(bad: str) -> None:
    assert suggests_keeping_images(bad)


def test_pay_check_flags_a_nudge_to_pay() -> None:
    assert nudges_to_pay("If you pay quickly, it may end.")
    assert not nudges_to_pay("Do not pay.")


# --- completeness --------------------------------------------------------------------------------

def test_steps_platforms_and_countries_are_all_present_in_order(guidance: Guidance) -> None:
    assert guidance.step_ids() == STEP_IDS
    ids = [p.id for p in guidance.platforms()]
    assert set(ids) >= set(PLATFORM_IDS) and ids[-1] == "other"
    assert set(ids) >= {"wizz", "kik", "tinder", "hinge", "bumble", "roblox", "videochat", "signal", "yubo", "email"}
    assert {c.code for c in guidance.countries()} >= set(COUNTRY_CODES)
    assert guidance.countries()[-1].code == "INTL"


@pytest.mark.parametrize("under_18", [False, True])
def test_every_step_has_title_what_to_do_why_and_next(guidance: Guidance, under_18: bool) -> None:
    for step in guidance.steps(under_18):
        for text in (step.title, step.what_to_do, step.why, step.next):
            assert len(text.split()) >= 2, (step.id, text)
        assert step.sources and step.last_verified


def test_steps_that_differ_for_under_18s_have_their_own_words(guidance: Guidance) -> None:
    for step_id in ("stop", "profile", "conversation", "report", "police", "support"):
        assert guidance.step(step_id, True).what_to_do != guidance.step(step_id).what_to_do, step_id


def test_every_platform_has_report_hide_and_identity_texts(guidance: Guidance) -> None:
    for platform in guidance.platforms():
        assert platform.report.steps and platform.hide.steps, platform.id
        assert platform.hide.trap and platform.hide.instead, platform.id
        assert platform.identity.record and platform.identity.where, platform.id
        # Only a platform whose steps are all unverified (no public help page found) may lack one.
        assert platform.help_url or not (platform.report.provenance.verified or platform.hide.provenance.verified) \
            or platform.id in ("other", "videochat", "email"), platform.id


# --- well-formed addresses and sources -----------------------------------------------------------

def test_url_check_rejects_malformed_addresses() -> None:
    for bad in ("http://example.org/", "https://exa mple.org/", "https://localhost/", "www.samaritans.org"):
        assert not is_well_formed_url(bad)
    assert is_well_formed_url("https://www.samaritans.org/")


def test_every_url_in_the_guidance_is_well_formed(guidance: Guidance) -> None:
    urls = [u for p in guidance.platforms() for u in [p.help_url] if u]
    urls += [r.url for c in guidance.countries() for r in c.routes() if r.url]
    urls += [s.url for s in guidance.sources.values() if s.url]
    for text in strings_in(guidance):
        urls += re.findall(r"\bhttps?://\S+", text)
    assert len(urls) > 30
    for url in urls:
        assert is_well_formed_url(url.rstrip(".,;)")), url


def test_every_fact_names_a_known_source_and_a_month(guidance: Guidance) -> None:
    for platform in guidance.platforms():
        for section in (platform, platform.report, platform.hide, platform.identity):
            provenance = section.provenance
            assert provenance.source.id in guidance.sources
            assert re.fullmatch(r"20\d\d-\d\d", provenance.last_verified)
    for country in guidance.countries():
        for route in country.routes():
            assert route.provenance.source.id in guidance.sources, route.name


# --- countries -----------------------------------------------------------------------------------

def test_every_country_has_a_crisis_line_and_police_routes(guidance: Guidance) -> None:
    for country in guidance.countries():
        assert country.crisis_line.number or country.crisis_line.url, country.code
        if country.code != "INTL":
            assert country.crisis_line.number, country.code
        assert country.emergency.number, country.code
        assert country.non_emergency.text, country.code
        assert country.non_emergency.number or country.non_emergency.url or country.report_online \
            or country.code == "INTL", country.code
        assert country.under_18 and country.adult_helplines, country.code


def test_unknown_countries_fall_back_to_the_international_crisis_line(guidance: Guidance) -> None:
    assert guidance.crisis_line("FR") == guidance.country("INTL").crisis_line
    assert guidance.country("uk").code == "GB"
    assert guidance.crisis_line(None).url == "https://findahelpline.com/"


def test_scotland_has_its_own_police_routes(guidance: Guidance) -> None:
    scotland = next(r for r in guidance.country("GB").regions if r.name == "Scotland")
    assert scotland.emergency and scotland.emergency.number == "999"
    assert scotland.non_emergency and scotland.non_emergency.number == "101"
    assert "Police Scotland" in scotland.non_emergency.name


def test_every_phone_number_shipped_was_reviewed_with_its_source(guidance: Guidance) -> None:
    for country in guidance.countries():
        for route in country.routes():
            if route.number:
                assert route.number in REVIEWED_NUMBERS, (country.code, route.name, route.number)
                cited = {source.id for source in route.provenance.sources}
                assert cited & set(REVIEWED_NUMBERS[route.number]), (country.code, route.name, route.number)
                assert route.provenance.verified, (country.code, route.name, route.number)
    texts = strings_in(guidance, with_sources=False)
    for text in texts:
        plain = re.sub(r"https://\S+", "", text)
        for found in re.findall(r"(?<![\d.-])(?:\d{1,5}(?: \d{2,})+|\d{3,})(?![\d-])", plain):
            if not re.fullmatch(r"(19|20)\d\d", found):
                assert found in REVIEWED_NUMBERS, (found, text)
    for number, keys in REVIEWED_NUMBERS.items():
        assert keys and all(key in guidance.sources for key in keys), number


# --- safety of the advice ------------------------------------------------------------------------

def test_deactivation_traps_are_exactly_snapchat_and_x(guidance: Guidance) -> None:
    traps = {p.id for p in guidance.platforms() if p.hide.deactivate_starts_deletion}
    assert traps == {"snapchat", "x"}


def test_no_platform_says_deactivate_where_that_deletes_without_saying_so(guidance: Guidance) -> None:
    for platform in guidance.platforms():
        if not platform.hide.deactivate_starts_deletion:
            continue
        trap = platform.hide.trap.lower()
        assert "deactivat" in trap and "delet" in trap, platform.id
        for text in platform_texts(platform):
            for sentence in sentences(text):
                if "deactivat" in sentence.lower():
                    assert "delet" in sentence.lower() or NEGATION.search(sentence), (platform.id, sentence)
        rendered = render_text(guidance, platform=platform, step_id="deactivate")
        assert "deactivating your account starts deleting it" in rendered


def test_the_deactivate_step_warns_that_deactivate_can_start_deletion(guidance: Guidance) -> None:
    text = guidance.step("deactivate").what_to_do.lower()
    assert any("deactivate" in s and "deleting" in s for s in sentences(text))


def test_under_18_texts_never_suggest_capturing_or_keeping_nude_images(guidance: Guidance) -> None:
    texts = all_step_texts(guidance, under_18=True)
    texts += [t for c in guidance.countries() for r in c.under_18 for t in (r.name, r.text)]
    texts += [note for p in guidance.platforms() for note in (p.capture.notes if p.capture else ())]
    checked = 0
    for text in texts:
        for sentence in sentences(text):
            assert not suggests_keeping_images(sentence), sentence
            checked += 1
    assert checked > 50


def test_under_18_capture_steps_say_never_to_keep_nude_images(guidance: Guidance) -> None:
    for step_id in ("stop", "conversation"):
        text = guidance.step(step_id, under_18=True).what_to_do.lower()
        assert "never" in text and "nude" in text, step_id


def test_no_text_nudges_towards_paying(guidance: Guidance) -> None:
    texts = all_step_texts(guidance, False) + all_step_texts(guidance, True) + strings_in(guidance.countries())
    texts += [t for p in guidance.platforms() for t in platform_texts(p)]
    for text in texts:
        for sentence in sentences(text):
            assert not nudges_to_pay(sentence), sentence


@pytest.mark.parametrize("under_18", [False, True])
def test_first_step_tells_them_they_are_the_victim(guidance: Guidance, under_18: bool) -> None:
    text = guidance.step("stop", under_18).what_to_do
    assert "You are the victim" in text and "not your fault" in text
    assert "Do not pay" in text


@pytest.mark.parametrize("under_18", [False, True])
def test_picture_of_your_screen_comes_before_capture_and_sha256_is_named_once(
        guidance: Guidance, under_18: bool) -> None:
    flow = "\n".join(all_step_texts(guidance, under_18))
    first_plain = re.search(r"pictures? of your screen", flow)
    first_jargon = re.search(r"captur", flow, re.I)
    assert first_plain and first_jargon and first_plain.start() < first_jargon.start()
    assert flow.count("SHA-256") == 1 and "fingerprint (SHA-256)" in flow


def test_unverified_steps_give_no_menu_path_and_point_to_the_help_page(guidance: Guidance) -> None:
    for platform in guidance.platforms():
        hide = platform.hide
        for section, texts in ((platform.report, platform.report.steps), (hide, (*hide.steps, hide.instead))):
            if section.provenance.verified:
                continue
            assert not any("→" in text for text in texts), platform.id
            assert "help" in " ".join(texts).lower(), platform.id
        if not platform.report.provenance.verified:
            rendered = " ".join(render_text(guidance, platform=platform, step_id="report").split())
            assert "if anything here differs, follow" in rendered
            assert platform.help_url is None or platform.help_url in rendered


def test_platforms_without_gathered_facts_are_marked_unverified(guidance: Guidance) -> None:
    for platform_id in ("telegram", "google", "other"):
        assert not guidance.platform(platform_id).report.provenance.verified, platform_id


def test_teams_guidance_says_skype_closed_and_asks_for_the_id(guidance: Guidance) -> None:
    teams = guidance.platform("teams")
    assert "5 May 2025" in teams.hide.trap
    assert "ID" in teams.identity.record and "display name" in teams.identity.record


# --- every combination renders, and no step tells anyone to pay, negotiate or delete --------------------

FORBIDDEN_START = re.compile(r"^(?:\*\*)?(?:then |now |just |so |first, )?(pay|negotiate|delete|erase|unmatch)\b", re.I)
DELETE_WORD = re.compile(r"\b(delete|erase|remove)\b", re.I)
DESCRIBES_A_TRAP = re.compile(
    r"\b(starts?|deletes|deleting|gone|removes|lose|cancels?|permanent|for good|instead|mistake|countdown|offers?|"
    r"other person|they may|they can|let the|the platform|rather than)\b", re.I)
EVIDENCE_WORDS = re.compile(r"\b(chat|chats|account|messages?|conversation|history|profile|email)\b", re.I)


def tells_to_pay_negotiate_or_delete(sentence: str) -> bool:
    plain = re.sub(r"[\"“][^\"”]*[\"”]", "", sentence).strip()  # quoted button names are not instructions
    if NEGATION.search(plain):
        return False
    if FORBIDDEN_START.search(plain) or re.search(r"\bnegotiat", plain, re.I):
        return True
    return bool(DELETE_WORD.search(plain) and EVIDENCE_WORDS.search(plain) and not DESCRIBES_A_TRAP.search(plain))


def tells_a_child_to_delete_an_image(sentence: str) -> bool:
    """The child deleting it (services that remove images from platforms are what we want them to use)."""
    return bool(re.search(r"\b(delete|erase)\b", sentence, re.I) and IMAGE_WORDS.search(sentence)
                and not NEGATION.search(sentence))


@pytest.mark.parametrize("bad", ["Delete the chat.", "Pay them to make it stop.", "Try to negotiate a lower amount.",
                                 "Unmatch them now.", "Then delete your account and the messages."])
def test_the_instruction_check_flags_pay_negotiate_and_delete(bad: str) -> None:
    assert tells_to_pay_negotiate_or_delete(bad)
    assert not tells_to_pay_negotiate_or_delete("Do not delete the chat.")
    assert not tells_to_pay_negotiate_or_delete("Deleting your account deletes your messages for good.")


def test_the_child_delete_check_flags_deleting_an_image() -> None:
    assert tells_a_child_to_delete_an_image("Delete the nude picture from your phone.")
    assert not tells_a_child_to_delete_an_image("You do not have to delete the picture first.")


def every_text(guidance: Guidance) -> list[str]:
    texts = all_step_texts(guidance, False) + all_step_texts(guidance, True)
    texts += [t for p in guidance.platforms() for t in platform_texts(p)]
    return texts + [t for c in guidance.countries() for r in c.routes() for t in (r.name, r.text)]


def test_no_text_tells_anyone_to_pay_negotiate_or_delete_the_chat_or_account(guidance: Guidance) -> None:
    checked = 0
    for text in every_text(guidance):
        for sentence in sentences(text):
            assert not tells_to_pay_negotiate_or_delete(sentence), sentence
            checked += 1
    assert checked > 500


def test_under_18_texts_never_tell_a_child_to_delete_what_a_removal_tool_needs(guidance: Guidance) -> None:
    texts = all_step_texts(guidance, under_18=True)
    texts += [t for c in guidance.countries() for r in c.under_18 for t in (r.name, r.text)]
    for text in texts:
        for sentence in sentences(text):
            assert not tells_a_child_to_delete_an_image(sentence), sentence
    for step_id in ("stop", "report"):
        assert "you do not have to delete it" in guidance.step(step_id, under_18=True).what_to_do, step_id
    for country in guidance.countries():
        tools = {r.name.split(" (")[0]: r.text for r in country.under_18}
        assert "not sent to anyone" in tools.get("Take It Down", "") or \
            "Internet Watch Foundation" in tools.get("Report Remove", ""), country.code


@pytest.mark.parametrize("under_18", [False, True])
def test_every_platform_country_and_age_renders_without_a_gap(guidance: Guidance, under_18: bool) -> None:
    rendered = 0
    for platform in guidance.platforms():
        for country in guidance.countries():
            text = render_text(guidance, platform=platform, country=country, under_18=under_18)
            flat = " ".join(text.split())
            assert "{" not in text and "None" not in text, (platform.id, country.code)
            for step in guidance.steps(under_18):
                assert f"{step.number}. {step.title}" in text, (platform.id, country.code, step.id)
            assert f"How to report on {platform.name}:" in flat and platform.report.steps[0].split("**")[-1][:20] in \
                flat.replace("**", ""), (platform.id, country.code)
            assert f"Keeping your {platform.name} account but hiding it:" in flat, (platform.id, country.code)
            crisis = country.crisis_line
            assert (crisis.number or crisis.url) in flat, (platform.id, country.code)
            assert country.emergency.number in flat and country.non_emergency.name in flat, (platform.id, country.code)
            young = "For young people under 18:" in flat
            adults = "Helplines for adults:" in flat
            assert young == under_18 and adults == (not under_18), (platform.id, country.code)
            assert flat.count("From: ") >= 10, (platform.id, country.code)
            rendered += 1
    assert rendered == len(guidance.platforms()) * len(guidance.countries()) >= 20 * 13


def test_steps_shown_in_every_country_use_no_uk_only_services(guidance: Guidance) -> None:
    """CEOP and Report Remove exist only in the UK: they belong in GB.toml, not in the steps everyone reads."""
    for text in all_step_texts(guidance, False) + all_step_texts(guidance, True):
        for uk_only in ("CEOP", "Report Remove", "in the UK", "101"):
            assert uk_only not in text, (uk_only, text[:80])
