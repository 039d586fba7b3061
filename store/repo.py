"""The console's repository, one namespace (``from store import repo``; ``repo.add_dossier(...)``)
over the modules that each hold one job of it. Every write is its own committed transaction,
so a closed browser or a restarted app loses nothing that was clicked.

- store.dbsession: sessions and filtered row lists
- store.units_users, store.login_lockout: centers, firms, users; password login with lockout
- store.dossier_rows: uploads kept by content, dossier rows
- store.review_sessions, store.assignments: sessions, their sample, reviewers' tasks
- store.decisions, store.corrections: reviewers' decisions and outline corrections
- store.session_results: progress, review pairs, adjudication
- store.trainer_feed: what the trainer sees and exports, depersonalised
"""
from __future__ import annotations

from store.assignments import (assign_session, assignments, blind_names, get_assignment,
                               withdraw_open_assignments)
from store.corrections import add_correction, corrected_documents, corrections
from store.dbsession import session
from store.decisions import (assignment_result, decision_history, effective_decisions, record_decision,
                             submit_assignment)
from store.dossier_rows import (add_dossier, batches, contract_columns, data_dir, dossiers, get_dossier,
                                human_name, store_upload)
from store.login_lockout import LOCKOUT_MINUTES, MAX_FAILED_LOGINS, LoginLocked, authenticate, login_events
from store.passwords import hash_password
from store.review_sessions import (ResampleRefused, create_review_session, draw_session_sample,
                                   get_review_session, review_sessions)
from store.session_results import adjudicate, adjudications, final_statuses, session_pairs, session_progress
from store.trainer_feed import correction_training_rows, decision_log, depersonalise, overrides
from store.units_users import create_unit, create_user, get_user, has_accounts, is_empty, units, users

__all__ = [
    "LOCKOUT_MINUTES", "MAX_FAILED_LOGINS", "LoginLocked", "ResampleRefused", "add_correction", "add_dossier",
    "adjudicate", "adjudications", "assign_session", "assignment_result", "assignments", "authenticate",
    "batches", "blind_names", "contract_columns", "corrected_documents", "correction_training_rows",
    "corrections", "create_review_session", "create_unit", "create_user", "data_dir", "decision_history",
    "decision_log", "depersonalise", "dossiers", "draw_session_sample", "effective_decisions",
    "final_statuses", "get_assignment", "get_dossier", "get_review_session", "get_user", "has_accounts",
    "hash_password", "human_name", "is_empty", "login_events", "overrides", "record_decision",
    "review_sessions", "session", "session_pairs", "session_progress", "store_upload", "submit_assignment",
    "units", "users", "withdraw_open_assignments",
]
