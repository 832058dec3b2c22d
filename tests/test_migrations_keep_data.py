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
# Apps added since (team emails, the workers' heartbeats): their tables start empty, and
# only their own content types and permissions join Django's.
NEW_APPS = {"outbox", "worker"}
NEW_TABLES = {"outbox_teamemail", "worker_workerbeat"}


def _of_new_apps(after: dict) -> dict[str, set]:
    """The keys of the rows the new apps added to Django's content types and permissions."""
    types = {
        key for key, row in after["django_content_type"].items() if row["app_label"] in NEW_APPS
    }
    permissions = {
        key for key, row in after["auth_permission"].items() if (row["content_type_id"],) in types
    }
    return {"django_content_type": types, "auth_permission": permissions}


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

    assert set(after) == set(before) | NEW_TABLES, "tables appeared or vanished"
    assert not any(after[table] for table in NEW_TABLES)
    added = _of_new_apps(after)
    for table, rows in before.items():
        if table in GROWS:
            assert set(rows) <= set(after[table])
            continue
        kept_keys = set(after[table]) - added.get(table, set())
        assert kept_keys == set(rows), f"{table}: rows appeared or vanished"
        for key, row in rows.items():
            now = after[table][key]
            if table == "django_content_type":
                moved = MOVED_MODELS.get((row["app_label"], row["model"]))
                if moved:
                    assert (now["app_label"], now["model"]) == moved
                    continue
            if table == TASKS_TABLE:
                row = {**row, "task_path": TASKS_MOVED.get(row["task_path"], row["task_path"])}
            kept = {column: now[column] for column in row}
            assert kept == row, f"{table} {key}: changed"
    # Every task still queued can be found by the worker.
    for row in after[TASKS_TABLE].values():
        assert isinstance(import_string(row["task_path"]), Task), row["task_path"]
