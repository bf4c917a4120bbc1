"""`evidencekit config`: this computer's settings (the default operator; the language is shown)."""

from __future__ import annotations

import argparse
from typing import Any

from evidencekit.cli.common import MAX_OPERATOR, print_json
from evidencekit.i18n import _


def register(sub: Any) -> None:
    config = sub.add_parser("config", help=_("show or change this computer's settings"))
    who = config.add_mutually_exclusive_group()
    who.add_argument("--operator", metavar="NAME",
                     help=_("the support worker's name recorded when a command is given no --operator"))
    who.add_argument("--no-operator", action="store_true", help=_("forget this computer's default operator"))
    config.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    config.set_defaults(handler=_config)


def _config(args: argparse.Namespace) -> int:
    from evidencekit.language_choice import saved_language
    from evidencekit.operator_choice import save_operator, saved_operator
    from evidencekit.text_safety import check_text

    if args.operator is not None:
        name = args.operator.strip()
        check_text(name, _("The default operator's name (--operator)"), limit=MAX_OPERATOR)
        if not name:
            from evidencekit.errors import UsageError

            raise UsageError(_("The operator's name is empty; give a name, or --no-operator to forget it."))
        save_operator(name)
    elif args.no_operator:
        save_operator("")
    settings = {"operator": saved_operator() or None, "language": saved_language()}
    if args.json:
        print_json(settings)
        return 0
    if settings["operator"]:
        print(_("Default operator on this computer: {name}").format(name=settings["operator"]))
    else:
        print(_("No default operator on this computer (commands without --operator record the victim, or "
                "'operator not given' in a support worker's case)."))
    print(_("Language chosen on this computer: {language}").format(
        language=settings["language"] or _("none (the desktop's language is used)")))
    return 0
