"""`python -m evidencekit.l10n pot | init LANG | update | compile | check | lint [FILE...]`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = "usage: python -m evidencekit.l10n pot | init LANG | update | compile | check | lint [FILE...]"


def main(argv: Sequence[str] | None = None) -> int:
    from evidencekit.l10n import catalogues, checks, lint

    args = list(sys.argv[1:] if argv is None else argv)
    command, rest = (args[0], args[1:]) if args else ("", [])
    try:
        if command == "pot" and not rest:
            print(catalogues.write_template())
        elif command == "init" and len(rest) == 1:
            print(catalogues.init_language(rest[0]))
        elif command == "update" and not rest:
            for path in [*catalogues.update_catalogues(), *catalogues.compile_catalogues()]:
                print(path)
        elif command == "compile" and not rest:
            for path in catalogues.compile_catalogues():
                print(path)
        elif command == "check" and not rest:
            return _report(checks.all_problems())
        elif command == "lint":
            return _report([str(finding) for finding in lint.lint_paths(rest or None)])
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except catalogues.CatalogueError as exc:
        print(f"evidencekit.l10n: {exc}", file=sys.stderr)
        return 1
    return 0


def _report(problems: list[str]) -> int:
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
