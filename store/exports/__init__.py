"""Documents the console hands out: 评查表 PDF, 提醒函 DOCX, session summary XLSX.

Each builder takes plain data (dicts/lists) and returns bytes; store.reports
assembles the data from the database.
"""
from store.exports.review_form import review_form_pdf
from store.exports.reminder import reminder_letter_docx
from store.exports.summary import session_summary_xlsx

__all__ = ["review_form_pdf", "reminder_letter_docx", "session_summary_xlsx"]
