"""Translation tooling: the template (.pot), the catalogues (.po, .mo) and the checks the tests run.

    python -m evidencekit.l10n pot            # regenerate resources/locale/evidencekit.pot
    python -m evidencekit.l10n init es        # start resources/locale/es/LC_MESSAGES/evidencekit.po
    python -m evidencekit.l10n update         # merge the template into every .po, then compile
    python -m evidencekit.l10n compile        # every .po -> .mo (refuses lost numbers, addresses, {fields})
    python -m evidencekit.l10n check          # what the tests check: stale, unsafe, incomplete
    python -m evidencekit.l10n lint [FILE...] # text shown to people that is not wrapped in _()

Reading, merging and compiling are Babel's (`babel.messages`); extraction is Babel's Python extractor
over `evidencekit/` plus `guidance_messages()` for the guidance files in `resources/guidance/`. The
runtime side is `evidencekit.i18n` (stdlib gettext reading the .mo files). Not imported by the app.
"""
