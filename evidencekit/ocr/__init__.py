"""OCR transcripts of a case's pictures, and the payment and account identifiers found in any text.

Qt-free, like the rest of the core. The parts:

    engine.py       Tesseract through tesserocr: a picture (bytes, in memory) -> Transcript
    tessdata.py     where the language data is, and which version each file is
    model.py        Word, Line, Transcript: the stored JSON form, the plain text, word boxes
    records.py      transcripts as derived objects in the case store (journal-recorded, encrypted)
    runner.py       read every picture not read yet (the `ocr` command and the window's background job)
    identifiers.py  finders for MTCNs, IBANs, wallets, phones, handles ... on any text (plain functions)
    checks.py       the checksums behind `valid`
    covered.py      words under a black box never leave: the filter the bundle uses
    search.py       find words across every transcript of a case

Everything derived here is marked as such ("read by OCR, may contain mistakes"): see DERIVED_NOTE.
"""

from __future__ import annotations

from evidencekit.ocr.model import DERIVED_NOTE, Line, Transcript, Word

__all__ = ["DERIVED_NOTE", "Line", "Transcript", "Word"]
