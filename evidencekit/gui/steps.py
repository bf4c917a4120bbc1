"""Which steps of the checklist are done: the person's own tick, else whether the step's work exists.

A step is ticked on its own once its work is in the case (the age question answered, pictures of the
profile, pictures of the conversation, details saved), so nobody has to tick "I have done this step"
after eleven pictures. The person can still untick it: their own `step.set` in the journal always wins
over the rule.
"""

from __future__ import annotations

from collections.abc import Callable

from evidencekit.details import empty_details, stored_details
from evidencekit.store import CaseState

PROFILE_CATEGORIES = ("profile",)
# threats and payment demands are parts of the conversation (the conversation page shows them too)
CONVERSATION_CATEGORIES = ("conversation", "payment demand", "threat", "other", "")
CORE_PATH = ("stop", "profile", "conversation", "details")  # what a bundle needs first


def _has_category(state: CaseState, categories: tuple[str, ...]) -> bool:
    return any((exhibit.fields.get("category") or "") in categories for exhibit in state.exhibits)


def _details_saved(state: CaseState) -> bool:
    return bool(state.details) and stored_details(state.details) != stored_details(empty_details())


WORK_RULES: dict[str, Callable[[CaseState], bool]] = {
    # "Stop and breathe" asks one thing of the person: the age question (answered either way); the
    # first-time walk left it unticked, so the export page listed it as not done after it was done
    "stop": lambda state: state.profile.get("under_18") is not None,
    "profile": lambda state: _has_category(state, PROFILE_CATEGORIES),
    "conversation": lambda state: _has_category(state, CONVERSATION_CATEGORIES),
    "details": _details_saved,
}


def work_exists(state: CaseState, step: str) -> bool:
    rule = WORK_RULES.get(step)
    return bool(rule and rule(state))


def step_done(state: CaseState | None, step: str) -> bool:
    """The tick shown: the person's own choice where they made one, else the work rule."""
    if state is None:
        return False
    if step in state.steps:
        return bool(state.steps[step])
    return work_exists(state, step)


def not_done(state: CaseState | None, steps: tuple[str, ...]) -> list[str]:
    return [step for step in steps if not step_done(state, step)]
