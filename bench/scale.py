"""The production setup on several processes: page load and 1 000 invitations at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jamsessions_scale \\
        .venv/bin/python bench/scale.py [--invitations 1000] [--seconds 60] [--web 2] \\
        [--workers 2] [--clients 8] [--logs FOLDER]

It runs the app as it would run across machines, every process with the production
settings (DEBUG off, a SECRET_KEY, ALLOWED_HOSTS, whitenoise's manifest storage, plain
http on loopback: SECURE_SSL_REDIRECT and BEHIND_HTTPS_PROXY off): gunicorn with
``--web`` worker processes (the Dockerfile's command) and ``--workers`` separate
``manage.py worker`` processes, all against one PostgreSQL, the one DATABASE_URL names
(default: ``jamsessions_scale`` on the machine's server, 127.0.0.1:5432, user postgres).

That database is the bench's own: it is DROPPED and created again at the start, so
every run starts alike (its name must end in ``scale``, so the bench never drops real
data), then migrated; it is left as the run ends it, to look into. The static files are
collected (``collectstatic``, as the Docker image does) into STATIC_ROOT; when the bench
made that folder, it removes it at the end.

Through the real services it makes a host, a Jam with three sessions and their agendas,
and ``--invitations`` guests (pasted, 500 lines at a time). ``--clients`` threads then
load pages for ``--seconds``: the public home page, a stylesheet, /health/, the host's Jam
home, roadmap, guest list, a session's agenda page, its PDF and .ics (signed in, with a
session kept in the database as every process shares it), guests' personal pages
``/i/<token>/`` and the Jam's calendar feed. A few seconds in, the host presses “invite”
(a POST to the guest list's invite form, through gunicorn): the invitations are recorded
and the workers deliver them while the load goes on. Once the load ends, the bench waits
for the workers to finish every task, then stops gunicorn and the workers (SIGTERM).

The emails go through django-anymail's test backend (a real provider's path, without
the network), subclassed here (``bench.scale.RecordingEmailBackend``, named by
EMAIL_BACKEND in every process) to append each email's addresses to a file per process.

Printed: requests, requests per second, 5xx and connection failures, every other status
that is not 2xx/3xx, p50/p90/p99/max latency in ms (as the clients see it) and per page;
then invitations, emails sent (distinct addresses, and per worker), sent twice, lost
(invited guests with no email), messages not marked sent, tasks failed and the seconds
from the invite to the first and the last email; last, how many tracebacks each
process logged, and the first of them (a 5xx's cause is there). ``--logs`` keeps the
processes' logs in a folder. It exits with status 1 on any 5xx or request with no
answer, any email sent twice or lost, or fewer guests invited than asked.

It needs the venv (gunicorn, psycopg, requests) and a PostgreSQL server whose user may
create databases. The machine's cores are shared by the clients, gunicorn, the workers
and PostgreSQL: figures from a small machine are modest.

This module is also the email backend of the processes it starts, imported by them
before Django is set up: Django's modules are imported in the functions that use them.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from anymail.backends.test import EmailBackend as AnymailTestBackend

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jamsessions_scale"
OUTBOX_VARIABLE = "BENCH_SCALE_OUTBOX"
ROLE_VARIABLE = "BENCH_SCALE_ROLE"
HOST_EMAIL = "bench-scale-host@example.invalid"
GUEST_DOMAIN = "bench-scale.example.invalid"
SESSIONS = 3
AGENDA_ITEMS = 8
GUEST_PAGES = 100  # personal links the load picks from
INVITE_AFTER_SECONDS = 5
START_MAX_SECONDS = 60
DRAIN_MAX_SECONDS = 600
STOP_MAX_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 60


# --- The email backend of every process ------------------------------------------------


class RecordingEmailBackend(AnymailTestBackend):
    """anymail's test backend, writing down each email it is handed, one line per email.

    Lines go to ``$BENCH_SCALE_OUTBOX/<role>-<pid>.jsonl``, written and flushed as the
    email is sent: the bench reads them once the processes are stopped.
    """

    _file = None

    def post_to_esp(self, payload, message):
        response = super().post_to_esp(payload, message)
        tags = getattr(message, "tags", None) or [""]
        line = {"t": time.time(), "to": list(message.to), "kind": str(tags[0])}
        out = RecordingEmailBackend._outbox_file()
        out.write(json.dumps(line) + "\n")
        out.flush()
        return response

    @classmethod
    def _outbox_file(cls):
        if cls._file is None:
            role = os.environ.get(ROLE_VARIABLE, "process")
            path = Path(os.environ[OUTBOX_VARIABLE]) / f"{role}-{os.getpid()}.jsonl"
            cls._file = path.open("a", encoding="utf-8")
        return cls._file


# --- Settings and the database ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _production_environment(database_url: str, port: int, outbox: Path) -> dict[str, str]:
    """The environment of every process: production settings, plain http on loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jamsessions.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_HTTPS_PROXY": "0",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "bench.scale.RecordingEmailBackend",
        OUTBOX_VARIABLE: str(outbox),
    }


def _database_recreate(database_url: str) -> str:
    """Drop the bench's database and create it empty. Returns its name."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(database_url)
    name = config["NAME"]
    if not name.endswith("scale"):
        raise SystemExit(f"The bench drops its database: {name!r} must end in 'scale'.")
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def _manage(environment: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *command, "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )


# --- The Jam, its guests and the host's session ----------------------------------------


def _jam_make(guests: int):
    """A host, a Jam with its sessions and agendas, and its guests: through the services."""
    import datetime as dt

    from django.utils import timezone

    from jamsessions.accounts.models import User
    from jamsessions.actions.jams import jam_create
    from sessions.agenda.services import agenda_item_create
    from sessions.schedule.services import session_create

    host = User.objects.create_user(HOST_EMAIL, password=None, name="Bench Host Person")
    first = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
    first += dt.timedelta(days=30)  # every reminder far ahead: only invitations go out
    details = {
        "name": "Bench Jam: scale",
        "objectives": "Rest, laugh and heal together.",
        "venue": "Community Hall, 12 Uhuru Road",
    }
    jam = jam_create(
        host=host, details=details, starts_at=first, duration_minutes=180, timezone="Africa/Nairobi"
    )
    for week in range(1, SESSIONS):
        session_create(
            jam=jam,
            starts_at=first + dt.timedelta(weeks=week),
            duration_minutes=180,
            timezone="Africa/Nairobi",
        )
    for session in jam.sessions.all():
        for number in range(1, AGENDA_ITEMS + 1):
            item = {
                "title": f"Activity {number}",
                "duration_minutes": 20,
                "content": "We gather in a circle and share one word each.",
            }
            agenda_item_create(session=session, details=item, actor=host)
    _guests_paste(jam, host, guests)
    return jam, host


def _guests_paste(jam, host, guests: int) -> None:
    """Add the guests as a host pastes them: ``IMPORT_MAX_LINES`` lines at a time."""
    from planning.guests.services import IMPORT_MAX_LINES, guests_import

    lines = [f"Guest {number}, guest-{number}@{GUEST_DOMAIN}" for number in range(guests)]
    for start in range(0, len(lines), IMPORT_MAX_LINES):
        text = "\n".join(lines[start : start + IMPORT_MAX_LINES])
        result = guests_import(jam=jam, text=text, added_by=host)
        if result.problems:
            raise RuntimeError(f"Guests not added: {result.problems[:3]}")


def _signed_in_cookie(user) -> str:
    """A session for the user in the session store every process shares, as a Cookie header."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# --- The processes ----------------------------------------------------------------------


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path


def _start(name: str, command: list[str], environment: dict[str, str], folder: Path) -> Child:
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**environment, ROLE_VARIABLE: name},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Child(name, process, log)


def _web_start(environment: dict[str, str], web: int, port: int, folder: Path) -> Child:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "jamsessions.wsgi:application", "--workers", str(web)]
    command += ["--bind", f"127.0.0.1:{port}"]
    command += ["--no-control-socket"]  # as the Dockerfile runs it
    return _start("web", command, environment, folder)


def _workers_start(environment: dict[str, str], count: int, folder: Path) -> list[Child]:
    command = [sys.executable, "manage.py", "worker"]
    return [_start(f"worker-{number}", command, environment, folder) for number in range(count)]


def _wait_until_serving(web: Child, base: str) -> None:
    import requests

    deadline = time.monotonic() + START_MAX_SECONDS
    while time.monotonic() < deadline:
        if web.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{web.log.read_text()[-3000:]}")
        try:  # gunicorn listens before its workers have loaded the app: the first may wait
            if requests.get(f"{base}/health/", timeout=START_MAX_SECONDS).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not answer /health/ within {START_MAX_SECONDS} s.")


def _stop(children: list[Child]) -> None:
    """SIGTERM, as a deployment stops them (a worker finishes its task first); then wait."""
    for child in children:
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
    for child in children:
        try:
            child.process.wait(timeout=STOP_MAX_SECONDS)
        except subprocess.TimeoutExpired:
            print(f"  {child.name} did not stop within {STOP_MAX_SECONDS} s: killed.")
            child.process.kill()
            child.process.wait()


# --- The load ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    paths: tuple[str, ...]
    weight: int
    signed_in: bool = False


@dataclass(frozen=True)
class Hit:
    page: str
    status: int  # 0: no answer (refused, reset or timed out)
    ms: float


def _pages(jam, stylesheet: str | None) -> list[Page]:
    """What a real audience asks for, and how often (weights out of about 100)."""
    from django.urls import reverse

    from planning.guests.tokens import calendar_feed_token, guest_link_token

    jam_slug = {"slug": jam.slug}
    session_1 = {"slug": jam.slug, "key": jam.sessions.get(number=1).key}
    guests = list(jam.guests.order_by("pk"))
    step = max(1, len(guests) // GUEST_PAGES)
    guest_paths = tuple(
        reverse("guest:page", kwargs={"token": guest_link_token(guest)}) for guest in guests[::step]
    )
    pages = [
        Page("home", (reverse("home"),), 12),
        Page("health", (reverse("health"),), 4),
        Page("jam home", (reverse("planning:jam_detail", kwargs=jam_slug),), 10, True),
        Page("roadmap", (reverse("planning:roadmap", kwargs=jam_slug),), 6, True),
        Page("guest list", (reverse("planning:guests", kwargs=jam_slug),), 6, True),
        Page("agenda", (reverse("sessions:session_detail", kwargs=session_1),), 10, True),
        Page("agenda PDF", (reverse("sessions:agenda_pdf", kwargs=session_1),), 2, True),
        Page("session .ics", (reverse("sessions:invite_ics", kwargs=session_1),), 4, True),
        Page("guest page", guest_paths, 30),
        Page(
            "calendar feed",
            (reverse("calendar:feed", kwargs={"token": calendar_feed_token(jam)}),),
            10,
        ),
    ]
    if stylesheet:
        pages.append(Page("stylesheet", (stylesheet,), 6))
    return pages


def _http_session():
    """A requests session that keeps no cookies: each request sends only what it is given."""
    import requests

    browser = requests.Session()
    browser.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return browser


def _get(browser, base: str, page: Page, path: str, cookie: str) -> Hit:
    import requests

    headers = {"Cookie": cookie} if page.signed_in else {}
    started = time.perf_counter()
    try:
        response = browser.get(
            base + path, headers=headers, allow_redirects=False, timeout=REQUEST_TIMEOUT_SECONDS
        )
        status = response.status_code
    except requests.RequestException:
        status = 0
    return Hit(page.name, status, (time.perf_counter() - started) * 1000)


def _stylesheet(base: str) -> str | None:
    """The first stylesheet the home page links to, as a browser would fetch it next."""
    import requests

    html = requests.get(base + "/", timeout=REQUEST_TIMEOUT_SECONDS).text
    found = re.search(r'href="(/static/[^"]+\.css)"', html)
    return found[1] if found else None


def _preflight(base: str, pages: list[Page], cookie: str) -> None:
    """Each page once: a redirect or a 4xx is the bench's mistake, not a figure."""
    with _http_session() as browser:
        for page in pages:
            hit = _get(browser, base, page, page.paths[0], cookie)
            if hit.status != 200 and not hit.status >= 500:
                raise RuntimeError(f"{page.name} ({page.paths[0]}) answered {hit.status}.")


def _client(base: str, pages: list[Page], cookie: str, seed: int, stop, hits: list[Hit]):
    rng = random.Random(seed)
    weights = [page.weight for page in pages]
    with _http_session() as browser:
        while not stop.is_set():
            page = rng.choices(pages, weights)[0]
            hits.append(_get(browser, base, page, rng.choice(page.paths), cookie))


@dataclass
class Load:
    threads: list[threading.Thread]
    stop: threading.Event
    hits: list[Hit] = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0


def _load_start(base: str, pages: list[Page], cookie: str, clients: int) -> Load:
    load = Load(threads=[], stop=threading.Event())
    for number in range(clients):
        arguments = (base, pages, cookie, number, load.stop, load.hits)
        load.threads.append(threading.Thread(target=_client, args=arguments, daemon=True))
    load.started = time.perf_counter()
    for thread in load.threads:
        thread.start()
    return load


def _load_stop(load: Load) -> None:
    load.stop.set()
    for thread in load.threads:
        thread.join()
    load.seconds = time.perf_counter() - load.started


# --- The invitations --------------------------------------------------------------------


def _invite(base: str, jam, cookie: str) -> float:
    """The host's “invite” button: the guest list's form, posted. Returns when it answered."""
    from django.urls import reverse

    guests_url = base + reverse("planning:guests", kwargs={"slug": jam.slug})
    invite_url = base + reverse("planning:guest_invitations_send", kwargs={"slug": jam.slug})
    with _http_session() as browser:
        page = browser.get(guests_url, headers={"Cookie": cookie}, timeout=REQUEST_TIMEOUT_SECONDS)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        csrf_cookie = page.cookies.get("csrftoken")
        if page.status_code != 200 or not token or not csrf_cookie:
            raise RuntimeError(f"The guest list gave no invite form ({page.status_code}).")
        response = browser.post(
            invite_url,
            data={"csrfmiddlewaretoken": token[1]},
            headers={"Cookie": f"{cookie}; csrftoken={csrf_cookie}"},
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT_SECONDS,
        )
    if response.status_code != 302:
        raise RuntimeError(f"The invite form answered {response.status_code}.")
    return time.time()


def _wait_until_drained(jam) -> bool:
    """Until no email of the Jam waits and no task is due or running; bounded in time."""
    from django_tasks_db.models import DBTaskResult

    from planning.enums import MessageStatus
    from planning.models import GuestMessage

    waiting = [MessageStatus.QUEUED, MessageStatus.SENDING]
    deadline = time.monotonic() + DRAIN_MAX_SECONDS
    while time.monotonic() < deadline:
        pending = GuestMessage.objects.filter(jam=jam, status__in=waiting).exists()
        busy = (
            DBTaskResult.objects.ready().exists()
            or DBTaskResult.objects.filter(status="RUNNING").exists()
        )
        if not pending and not busy:
            return True
        time.sleep(0.2)
    return False


# --- What happened ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    at: float
    to: str
    kind: str
    process: str


def _outbox_read(outbox: Path) -> list[Sent]:
    sent = []
    for path in sorted(outbox.glob("*.jsonl")):
        process = path.stem.rsplit("-", 1)[0]
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            sent += [Sent(record["t"], to, record["kind"], process) for to in record["to"]]
    return sent


@dataclass(frozen=True)
class Delivery:
    invited: int
    sent: int
    per_process: dict[str, int]
    twice: int
    lost: int
    other_emails: int
    not_marked_sent: int
    tasks_failed: int
    first_after: float | None
    last_after: float | None


def _delivery(jam, sent: list[Sent], invited_at: float | None) -> Delivery:
    from django_tasks_db.models import DBTaskResult

    from planning.enums import MessageKind, MessageStatus
    from planning.models import GuestMessage

    invitations = [email for email in sent if email.kind == MessageKind.INVITATION]
    per_address = Counter(email.to for email in invitations)
    invited = set(jam.guests.filter(invited_at__isnull=False).values_list("email", flat=True))
    times = [email.at for email in invitations]
    return Delivery(
        invited=len(invited),
        sent=len(per_address),
        per_process=dict(sorted(Counter(email.process for email in invitations).items())),
        twice=sum(1 for count in per_address.values() if count > 1),
        lost=len(invited - set(per_address)),
        other_emails=len(sent) - len(invitations),
        not_marked_sent=GuestMessage.objects.filter(jam=jam, kind=MessageKind.INVITATION)
        .exclude(status=MessageStatus.SENT)
        .count(),
        tasks_failed=DBTaskResult.objects.filter(status="FAILED").count(),
        first_after=min(times) - invited_at if times and invited_at else None,
        last_after=max(times) - invited_at if times and invited_at else None,
    )


def _percentile(ordered: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least ``fraction`` of them at or below it."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def _tracebacks(log: Path) -> list[str]:
    """The Python tracebacks in a process's log, each with the line before it."""
    lines = log.read_text(errors="replace").splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = index + 1
            while end < len(lines) and lines[end].startswith((" ", "\t")):
                end += 1
            found.append("\n".join(lines[max(0, index - 1) : end + 1]))
    return found


def _logs_keep(children: list[Child], folder: Path | None) -> None:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for child in children:
            shutil.copy(child.log, folder / child.log.name)


def _print_load(load: Load, arguments) -> tuple[int, int]:
    """The load's figures. Returns (5xx answers, requests with no answer)."""
    hits = load.hits
    by_status = Counter(hit.status for hit in hits)
    server_errors = sum(count for status, count in by_status.items() if status >= 500)
    no_answer = by_status.get(0, 0)
    others = {s: c for s, c in sorted(by_status.items()) if 0 < s < 200 or 400 <= s < 500}
    ordered = sorted(hit.ms for hit in hits)
    print(
        f"Page load: {arguments.clients} clients for {load.seconds:.1f} s against gunicorn "
        f"({arguments.web} worker processes)"
    )
    print(f"  requests               {len(hits):10d}")
    print(f"  requests per second    {len(hits) / load.seconds:10.1f}")
    print(f"  5xx                    {server_errors:10d}")
    print(f"  no answer              {no_answer:10d}")
    other_text = ", ".join(f"{status}: {count}" for status, count in others.items()) or "none"
    print(f"  other non-2xx/3xx      {other_text:>10}")
    print(
        "  latency ms             "
        + "  ".join(
            f"{label} {value:.1f}"
            for label, value in (
                ("p50", _percentile(ordered, 0.50)),
                ("p90", _percentile(ordered, 0.90)),
                ("p99", _percentile(ordered, 0.99)),
                ("max", ordered[-1] if ordered else 0.0),
            )
        )
    )
    _print_pages(hits)
    return server_errors, no_answer


def _print_pages(hits: list[Hit]) -> None:
    per_page: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        per_page[hit.page].append(hit)
    print(f"  {'page':<16}{'requests':>9}{'p50 ms':>10}{'p99 ms':>10}{'not 2xx/3xx':>13}")
    for name, page_hits in sorted(per_page.items(), key=lambda item: -len(item[1])):
        ordered = sorted(hit.ms for hit in page_hits)
        bad = sum(1 for hit in page_hits if not 200 <= hit.status < 400)
        print(
            f"  {name:<16}{len(page_hits):9d}{_percentile(ordered, 0.5):10.1f}"
            f"{_percentile(ordered, 0.99):10.1f}{bad:13d}"
        )


def _print_tracebacks(children: list[Child]) -> None:
    """How many tracebacks each process logged, and the first one."""
    found = {child.name: _tracebacks(child.log) for child in children}
    counts = ", ".join(f"{name} {len(tracebacks)}" for name, tracebacks in found.items())
    print(f"Tracebacks in the processes' logs: {counts}")
    for name, tracebacks in found.items():
        if tracebacks:
            print(f"First one, from {name}:")
            print(tracebacks[0])
            return


def _print_delivery(delivery: Delivery, arguments, drained: bool) -> None:
    per_process = ", ".join(f"{name} {count}" for name, count in delivery.per_process.items())
    print(
        f"Invitations: {arguments.invitations} guests, invited {INVITE_AFTER_SECONDS} s into "
        f"the load, {arguments.workers} worker processes"
    )
    print(f"  guests invited         {delivery.invited:10d}")
    print(f"  emails sent            {delivery.sent:10d}  ({per_process or 'none'})")
    print(f"  emails sent twice      {delivery.twice:10d}")
    print(f"  emails lost            {delivery.lost:10d}")
    print(f"  not marked sent        {delivery.not_marked_sent:10d}")
    print(f"  other emails           {delivery.other_emails:10d}")
    print(f"  tasks failed           {delivery.tasks_failed:10d}")
    for label, value in (("first", delivery.first_after), ("last", delivery.last_after)):
        shown = f"{value:10.1f}" if value is not None else f"{'-':>10}"
        print(f"  invite to {label} email, s {shown}")
    if not drained:
        print(f"  (the workers had not finished after {DRAIN_MAX_SECONDS} s)")


# --- The run ------------------------------------------------------------------------------


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invitations", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--web", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes (manage.py worker)"
    )
    parser.add_argument("--clients", type=int, default=8, help="client threads")
    parser.add_argument("--logs", type=Path, help="copy the processes' logs to this folder")
    return parser.parse_args()


def _prepare(database_url: str, environment: dict[str, str]) -> None:
    """A new, migrated database; the static files collected; Django set up here too."""
    import django

    _database_recreate(database_url)
    _manage(environment, "migrate", "--noinput")
    _manage(environment, "collectstatic", "--noinput")
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    django.setup()


def _run(arguments, environment: dict[str, str], base: str, folder: Path) -> int:
    jam, host = _jam_make(arguments.invitations)
    cookie = _signed_in_cookie(host)
    workers = _workers_start(environment, arguments.workers, folder)
    web = _web_start(environment, arguments.web, int(base.rpartition(":")[2]), folder)
    children = [web, *workers]
    load = None
    try:
        _wait_until_serving(web, base)
        pages = _pages(jam, _stylesheet(base))
        _preflight(base, pages, cookie)
        load = _load_start(base, pages, cookie, arguments.clients)
        time.sleep(INVITE_AFTER_SECONDS)
        invited_at = _invite(base, jam, cookie)
        time.sleep(max(0.0, arguments.seconds - (time.perf_counter() - load.started)))
        _load_stop(load)
        drained = _wait_until_drained(jam)
    finally:
        if load is not None and not load.stop.is_set():
            _load_stop(load)
        _stop(children)
        _logs_keep(children, arguments.logs)
    delivery = _delivery(jam, _outbox_read(Path(environment[OUTBOX_VARIABLE])), invited_at)

    server_errors, no_answer = _print_load(load, arguments)
    _print_delivery(delivery, arguments, drained)
    _print_tracebacks(children)
    failed = (
        server_errors
        or no_answer
        or delivery.twice
        or delivery.lost
        or delivery.invited < arguments.invitations
    )
    return 1 if failed else 0


def main() -> int:
    arguments = _arguments()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    static_root = ROOT / "staticfiles"
    made_static_root = not static_root.exists()
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        outbox = Path(folder) / "outbox"
        outbox.mkdir()
        environment = _production_environment(database_url, port, outbox)
        try:
            _prepare(database_url, environment)
            return _run(arguments, environment, f"http://127.0.0.1:{port}", Path(folder))
        finally:
            if made_static_root:
                shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
