"""A database made by an earlier version of the project, holding the demo data, migrates
forward with the code of today and keeps every row of every table.

The earlier version is the commit before models started moving between apps
(``BASE_COMMIT``), taken from git; its own code makes the database (``migrate``, then
``demo``). Today's code then migrates it. Every table is read before and after, row by
row: the same tables, the same rows, and in each row the same values (new columns may
join). The one change expected is the record of which app holds a moved model.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from importlib import import_module

import psycopg
import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task
from psycopg import sql

from tests.processes import PROJECT_DIR, database_url

# The last commit before the dated session moved next to the Jam (app "planning").
BASE_COMMIT = "0c99371"
# Content types name a model by its app: those of moved models follow them.
MOVED_MODELS = {("gatherings", "session"): ("planning", "session")}
# Queued tasks name their function by path: those of moved modules follow them.
TASKS_MOVED = import_module("sessions.migrations.0009_message_tasks_moved").MOVED
TASKS_TABLE = "django_tasks_database_dbtaskresult"
# Django's own record of the migrations applied grows; nothing else may change.
GROWS = {"django_migrations"}
# Tables that join, empty; tables and columns that leave, each with what became of it.
ADDED = {"jamsessions_pace", "outbox_teamemail", "worker_workerbeat"}
# The models of the added tables join Django's lists of content types and permissions.
ADDED_MODELS = {("jamsessions", "pace"), ("outbox", "teamemail"), ("worker", "workerbeat")}
DROPPED = {
    # Counts of feedback forms per session and minute, kept two minutes: the project's flood
    # caps count them now, in jamsessions_pace.
    "gatherings_feedbackpace",
}
DROPPED_COLUMNS = {
    # When the last sign-in link went out: account emails are limited by request now, for any
    # address, in jamsessions_pace.
    ("accounts_user", "sign_in_link_sent_at"),
}


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=PROJECT_DIR, capture_output=True, check=False, timeout=60
    )


@pytest.fixture
def base_tree(tmp_path):
    """The project's files at ``BASE_COMMIT``, unpacked beside the test."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: the earlier version cannot be read")
    archive = _git("archive", "--format=tar", BASE_COMMIT)
    assert archive.returncode == 0, archive.stderr.decode()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path / "base", filter="data")
    return tmp_path / "base"


@pytest.fixture
def scratch_database():
    """A database of its own on the tests' server, dropped afterwards."""
    name = f"jam_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _manage(tree, database: str, *args: str, timeout: int = 600) -> str:
    env = {**os.environ, "DATABASE_URL": database_url(database), "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _tables(database: str) -> dict[str, dict[tuple, dict]]:
    """Every table of the database: its rows by primary key (or whole row), as dicts."""
    tables: dict[str, dict[tuple, dict]] = {}
    with psycopg.connect(database_url(database)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for name in names:
            key_columns = [
                row[0]
                for row in db.execute(
                    """
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = %s::regclass AND i.indisprimary
                    ORDER BY a.attnum
                    """,
                    [name],
                )
            ]
            cursor = db.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(name)))
            columns = [column.name for column in cursor.description]
            rows = {}
            for values in cursor:
                row = dict(zip(columns, values, strict=True))
                key = tuple(row[c] for c in key_columns) if key_columns else tuple(values)
                rows[key] = row
            tables[name] = rows
    return tables


def test_a_database_of_the_earlier_version_migrates_keeping_every_row(base_tree, scratch_database):
    _manage(base_tree, scratch_database, "migrate", "--noinput")
    _manage(base_tree, scratch_database, "demo")
    before = _tables(scratch_database)
    # The demo holds what matters: Jams, sessions, guests, answers, agendas, reports.
    for table in (
        "planning_jam",
        "gatherings_session",
        "planning_guest",
        "planning_rsvp",
        "gatherings_agendaitem",
        "reporting_report",
        TASKS_TABLE,
    ):
        assert before[table], f"the demo left {table} empty"

    _manage(PROJECT_DIR, scratch_database, "migrate", "--noinput")
    after = _tables(scratch_database)

    assert set(after) == set(before) - DROPPED | ADDED, "tables appeared or vanished"
    assert all(not after[table] for table in ADDED)
    for table, rows in before.items():
        if table in DROPPED:
            continue
        if table in GROWS:
            assert set(rows) <= set(after[table])
            continue
        if table == "django_content_type":
            joined = {
                (new["app_label"], new["model"])
                for key, new in after[table].items()
                if key not in rows
            }
            assert joined == ADDED_MODELS
            assert set(rows) <= set(after[table]), f"{table}: rows vanished"
        elif table == "auth_permission":
            joined = {new["codename"] for key, new in after[table].items() if key not in rows}
            assert joined == {
                f"{action}_{model}"
                for _, model in ADDED_MODELS
                for action in ("add", "change", "delete", "view")
            }
            assert set(rows) <= set(after[table]), f"{table}: rows vanished"
        else:
            assert set(after[table]) == set(rows), f"{table}: rows appeared or vanished"
        for key, row in rows.items():
            now = after[table][key]
            if table == "django_content_type":
                moved = MOVED_MODELS.get((row["app_label"], row["model"]))
                if moved:
                    assert (now["app_label"], now["model"]) == moved
                    continue
            if table == TASKS_TABLE:
                row = {**row, "task_path": TASKS_MOVED.get(row["task_path"], row["task_path"])}
            row = {c: value for c, value in row.items() if (table, c) not in DROPPED_COLUMNS}
            kept = {column: now[column] for column in row}
            assert kept == row, f"{table} {key}: changed"
    # Every task still queued can be found by the worker.
    for row in after[TASKS_TABLE].values():
        assert isinstance(import_string(row["task_path"]), Task), row["task_path"]
