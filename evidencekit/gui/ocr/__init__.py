"""The window's side of OCR: the background reader, the transcript panel beside a picture, and the
suggestions on the Details page. The reading itself is evidencekit.ocr (Qt-free)."""
