"""Guidance: the app's words for every step, per-platform steps and per-country routes (Qt-free).

    from evidencekit.guidance import load_guidance
    guidance = load_guidance()                  # cached, in the active language
    guidance.step("stop", under_18=True)        # StepText
    guidance.platform("snapchat").hide.trap     # where "deactivate" really deletes
    guidance.crisis_line("GB")                  # always present; unknown countries fall back to INTL
"""

from evidencekit.guidance.content import COUNTRY_CODES, PLATFORM_IDS, STEP_IDS, Guidance
from evidencekit.guidance.fields import GuidanceDataError, is_well_formed_url
from evidencekit.guidance.loader import guidance_dir, load_guidance, read_guidance
from evidencekit.guidance.model import (
    INTERNATIONAL,
    AccountHiding,
    AccountIdentity,
    CaptureNotes,
    Country,
    Platform,
    PlatformSteps,
    Provenance,
    Region,
    Route,
    Source,
    Step,
    StepText,
)
from evidencekit.guidance.render import guidance_as_dict, render_text, step_extras

__all__ = [
    "COUNTRY_CODES",
    "INTERNATIONAL",
    "PLATFORM_IDS",
    "STEP_IDS",
    "AccountHiding",
    "AccountIdentity",
    "CaptureNotes",
    "Country",
    "Guidance",
    "GuidanceDataError",
    "Platform",
    "PlatformSteps",
    "Provenance",
    "Region",
    "Route",
    "Source",
    "Step",
    "StepText",
    "guidance_as_dict",
    "guidance_dir",
    "is_well_formed_url",
    "load_guidance",
    "read_guidance",
    "render_text",
    "step_extras",
]
