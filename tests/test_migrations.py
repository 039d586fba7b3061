"""Schema upgrades keep what earlier releases stored: a database made by an earlier release (any
earlier head revision) with users, dossiers and decisions in it upgrades to head with every row
intact and usable by today's repository code, on SQLite and on PostgreSQL."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from store import make_engine, repo
from store.migrate import alembic_config, upgrade

REVISIONS = [s.revision for s in reversed(list(ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()))]
HEAD = REVISIONS[-1]
PREVIOUS = REVISIONS[:-1]  # every earlier revision a release may have left: 0001 (first console release), ...
LAST_RELEASE = "0003"  # head of the release before e-dossiers, the review API, subsidies and letters

CONTRACT = {"contract_version": 1, "file": "old.pdf", "pages": 3, "score": 88.0, "grade": "良好",
            "case": {"case_no": "苏法援〔2025〕12号", "case_kind": "criminal_defense", "client": "张某"},
            "documents": [], "findings": []}


def _old_database(url: str, revision: str) -> None:
    """What a release whose head was ``revision`` left behind: its schema and rows written by raw SQL
    (today's ORM may know columns that release did not have)."""
    eng = create_engine(url)
    upgrade(eng, revision)
    with eng.begin() as c:
        c.execute(text("INSERT INTO units (name, kind) VALUES ('某市法律援助中心', 'center'), "
                       "('某某律师事务所', 'firm')"))
        firm = c.execute(text("SELECT id FROM units WHERE kind = 'firm'")).scalar()
        c.execute(text("INSERT INTO users (username, display_name, unit_id, role, password_hash, created_at) "
                       "VALUES ('reviewer1', '王律师', :firm, 'reviewer', :h, CURRENT_TIMESTAMP)"),
                  {"h": repo.hash_password("old-secret"), "firm": firm})
        c.execute(text("INSERT INTO dossiers (batch, sampled, file_name, file_path, sha256, firm_id, lawyer, "
                       "case_no, pages, contract, model_version, model_score, model_grade, status, created_at) "
                       "VALUES ('cli', false, 'old.pdf', '/data/old.pdf', :sha, :firm, '李律师', "
                       "'苏法援〔2025〕12号', 3, :contract, 'v-old', 88.0, '良好', 'reviewed', CURRENT_TIMESTAMP)"),
                  {"sha": "a" * 64, "contract": json.dumps(CONTRACT, ensure_ascii=False), "firm": firm})
    eng.dispose()


def _check_upgraded(url: str) -> None:
    eng = make_engine(url)  # what today's release does at start: upgrade to head
    with eng.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    assert "login_events" in inspect(eng).get_table_names()
    (d,) = repo.dossiers(eng, batch="cli")
    assert (d.file_name, d.lawyer, d.model_grade, d.firm.name) == ("old.pdf", "李律师", "良好", "某某律师事务所")
    assert d.contract["case"]["client"] == "张某" and d.contract["score"] == 88.0
    assert repo.authenticate(eng, "reviewer1", "old-secret").display_name == "王律师"
    # the old rows take new work: a result for the same file under a new model version is a new row
    from store.results import ResultStore

    ResultStore(url).save_contract(Path("/data/old.pdf"), dict(CONTRACT, contract_version=2), sha256="a" * 64,
                                   model_version="v-new")
    assert len(repo.dossiers(eng, batch="cli")) == 2
    make_engine(url)  # and a second start migrates nothing


@pytest.mark.parametrize("revision", PREVIOUS)
def test_sqlite_database_of_an_earlier_release_upgrades(tmp_path, revision):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url, revision)
    _check_upgraded(url)


@pytest.mark.postgres
def test_postgres_database_of_the_previous_release_upgrades(pg_url):
    assert LAST_RELEASE in PREVIOUS
    _old_database(pg_url, LAST_RELEASE)
    _check_upgraded(pg_url)
