"""PDF -> pages: text layer or OCR, page numbers, page flags, titles."""
