"""The fuzzing of every form (``tests.test_fuzz_forms`` says what it checks): the hostile
values, the world whose pages show every form, the rows read around each post, the posts
and the checks of what each one answered and changed."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import replace
from urllib.parse import quote_plus

from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, models, transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from sesame.utils import get_token

from planning.enums import RsvpAnswer, TeamRole
from planning.guests.tokens import guest_link_token
from planning.models import Task
from sessions.space.services import accessibility_checks_sync
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    TeamInvitationFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.html_forms import CHOSEN, Field, Form, page_forms
from tests.test_permission_matrix import (
    REVIEW,
    ROLES,
    TEAM,
    _address,
    _expected,
    _Undo,
    build_world,
    review_addresses,
)

#: What a hostile visitor types, by what it tries.
HOSTILE = {
    "line breaks": "line\nbreak\r\n",
    "a NUL byte": "nul\x00byte",
    "a lone surrogate": "lone \ud800 surrogate",  # sent as the bytes ED A0 80: not UTF-8
    "10 000 characters": "x" * 10_000,
    "a right-to-left override": "\u202eevil\u202c",
    "markup": "<script>alert(1)</script><b>",
    "an impossible date": "2026-02-30",
    "an impossible time": "25:61",
    "a negative number": "-1",
    "a huge number": "9" * 30,
    "nothing": "",
    "only spaces": " \t  ",
}
MARKUP = "<script>alert(1)</script>"
#: How a page says something is wrong besides marking a field (the form's own errors).
ERROR_SHOWN = re.compile(r'class="(error-summary|error-text|message message-error)"')
OPTIONS = re.compile(r"<option\b[^>]*>[^<]*</option>")

ANONYMOUS, GUEST, INVITEE = "a visitor", "the guest", "the invitee"

#: The addresses no team role governs that take a POST, and who posts there.
POSTED_WITHOUT_A_ROLE = {
    "jams:create": "host",  # anyone signed in
    "team:join": INVITEE,
    "accounts:sign_up": ANONYMOUS,
    "accounts:login": ANONYMOUS,
    "accounts:sign_in_link": ANONYMOUS,
    "accounts:sign_in_link_open": ANONYMOUS,
    "accounts:password_reset": ANONYMOUS,
    "accounts:password_reset_confirm": ANONYMOUS,
    "accounts:password_change": "host",
    "accounts:logout": "host",
    "set_language": ANONYMOUS,
    **{
        f"guest:{name}": GUEST
        for name in (
            "rsvp",
            "feedback",
            "needs",
            "profile",
            "profile_withdraw",
            "timezone",
            "erase",
        )
    },
    "box:ask": ANONYMOUS,
    "feedback:give": ANONYMOUS,
}

#: The other addresses no team role governs: they only show, and refuse a POST (405).
ONLY_SHOWN = {
    "home",
    "health",
    "planning:jam_list",
    "accounts:password_change_done",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "guest:page",
    "guest:session_ics",
    "guest:agenda_pdf",
    "guest:my_data",
    "calendar:feed",
    "box:page",
    "box:qr",
}

#: Forms shown only once the session runs: the posts that bring it there, then its page.
RUN_STEPS = {
    **{f"sessions:run_{action}": ["start"] for action in ("pause", "next", "extend")},
    "sessions:run_back": ["start", "next"],
    "sessions:run_resume": ["start", "pause"],
}
#: Addresses that take a POST no page has a form for, and the form whose fields they take.
NO_FORM_OF_THEIR_OWN = {
    "sessions:run_finish": "sessions:run_next",  # "Finish" on the last item posts to "next"
}

FORM_NAMES = sorted(
    [name for name, methods in TEAM.items() if "POST" in methods]
    + [name for name, methods in REVIEW.items() if "POST" in methods]
    + list(POSTED_WITHOUT_A_ROLE)
)

#: The values each kind of field gets: a date, a time or a number all of them; text those
#: that can break text (a date or "-1" is only text there); a hidden field those that can
#: break what a view reads by hand (an id, a version); a choice those that can break a
#: lookup (an id too large for the column) or the message that refuses it.
TEXT_VALUES = [
    label
    for label in HOSTILE
    if label not in ("an impossible date", "an impossible time", "a negative number")
]
HIDDEN_VALUES = [
    "a NUL byte",
    "a lone surrogate",
    "10 000 characters",
    "markup",
    "a negative number",
    "a huge number",
    "nothing",
]
CHOICE_VALUES = ["a NUL byte", "markup", "a huge number", "nothing"]
VALUES_FOR = {
    **{kind: list(HOSTILE) for kind in ("date", "time", "datetime-local", "number", "range")},
    **{kind: CHOICE_VALUES for kind in ("select", "radio", "checkbox")},
    "hidden": HIDDEN_VALUES,
    "submit": HIDDEN_VALUES,
}

#: Posts by status code and by what was checked, posts and seconds by address.
STATUSES: Counter = Counter()
OUTCOMES: Counter = Counter()
#: The kinds of field each actor but the first at an address has had every value in.
KINDS_DONE: set[tuple[str, str]] = set()
POSTS: Counter = Counter()
TIMES: dict[str, float] = {}
SETUP: dict[str, float] = {}

# What an empty field the form requires gets in the plain post, by kind.
FILLING = {
    "email": "fuzz-plain@example.test",
    "url": "https://example.test/",
    "number": "30",
    "time": "10:00",
    "date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    "password": "Fuzz-pass-phrase-42",
}
# What a field gets to learn which columns it writes (and what a change there changes).
CHANGED_TEXT = "Fuzz changed"
CHANGED = {
    "text": CHANGED_TEXT,
    "email": "fuzz-changed@example.test",
    "url": "https://example.test/changed",
    "number": "31",
    "date": (dt.date.today() + dt.timedelta(days=45)).isoformat(),
    "time": "11:15",
}


# --- The world and the pages read once ------------------------------------------------


def _world_plus() -> dict:
    """The matrix's world, and what shows the forms it lacks (see each line)."""
    world = build_world()
    jam, people, host = world["jam"], world["people"], world["people"]["host"]
    now = timezone.now()
    # A session on now: its question box, closing feedback and run-of-show are open.
    live = SessionFactory(jam=jam, number=2, starts_at=now - dt.timedelta(minutes=30))
    AgendaItemFactory.create_batch(2, session=live)  # something to run, and go back in
    guest = GuestFactory(jam=jam, email="fuzz-guest@example.test", profile_consented_at=now)
    for session in (world["session"], live):
        RsvpFactory(guest=guest, session=session, answer=RsvpAnswer.YES)  # "said yes"
    Task.objects.create(  # a late task: "skip" and "skip the past ones"
        jam=jam,
        phase="week_1",
        title="Late task",
        due_on_override=now.date() - dt.timedelta(days=3),
    )
    HouseRuleFactory(jam=jam)  # two rules: "move up" / "move down"
    accessibility_checks_sync(jam=jam)
    invitee = UserFactory(email="invitee@example.test")
    TeamInvitationFactory(
        jam=jam, invited_by=host, email=invitee.email, token="fuzz-invitation-token"
    )
    other_host = UserFactory(email="other-host@example.test")
    other = JamFactory(host=other_host)  # a Jam in a programme, its report submitted
    TeamMemberFactory(jam=other, user=other_host, role=TeamRole.HOST)
    people[INVITEE] = invitee
    # A cancelled session still to come: "bring it back".
    cancelled = SessionFactory(
        jam=jam,
        number=3,
        starts_at=now + dt.timedelta(days=20),
        cancelled_at=now,
        cancelled_by=host,
    )
    # Another Jam of the host's, whose second session was added by mistake and is known to no
    # guest: it alone may be deleted outright (any other is cancelled).
    mine = JamFactory(host=host)
    TeamMemberFactory(jam=mine, user=host, role=TeamRole.HOST)
    SessionFactory(jam=mine, number=1, starts_at=now + dt.timedelta(days=10))
    mistaken = SessionFactory(jam=mine, number=2, starts_at=now + dt.timedelta(days=11))
    return {
        **world,
        "live": live,
        "guest": guest,
        "review": review_addresses({"jam": other}),
        "cancelled": cancelled,
        "mistaken": mistaken,
    }


def _pages(world) -> dict[str, list[str]]:
    """Who reads which page."""
    jam_pages = [
        _address(name, world)
        for name, methods in TEAM.items()
        if "GET" in methods
        and "pdf" not in name
        and "ics" not in name
        and name != "planning:team_leave"
    ]
    host = world["people"]["host"]
    token = guest_link_token(world["guest"])
    code = world["live"].public_code
    uid = urlsafe_base64_encode(force_bytes(host.pk))
    reset = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(host)},
    )
    link = reverse("accounts:sign_in_link_open", kwargs={"token": get_token(host, scope="sign-in")})
    return {
        "host": [
            *jam_pages,
            reverse("jams:create"),
            reverse("accounts:password_change"),
            _address("sessions:session_detail", {**world, "session": world["live"]}),
            _address("sessions:run", {**world, "session": world["live"]}),
            _address("sessions:session_restore", {**world, "session": world["cancelled"]}),
            reverse(
                "sessions:session_delete",
                kwargs={"slug": world["mistaken"].jam.slug, "key": world["mistaken"].key},
            ),
        ],
        "facilitator": [_address("planning:team_leave", world)],
        "reviewer": [address for name, address in world["review"].items() if "GET" in REVIEW[name]],
        INVITEE: [reverse("team:join", kwargs={"token": "fuzz-invitation-token"})],
        GUEST: [
            reverse("guest:page", kwargs={"token": token}),
            reverse("guest:erase", kwargs={"token": token}),
        ],
        ANONYMOUS: [
            reverse(name)
            for name in (
                "accounts:sign_up",
                "accounts:login",
                "accounts:sign_in_link",
                "accounts:password_reset",
            )
        ]
        + [
            reset,
            link,
            reverse("box:page", kwargs={"code": code}),
            reverse("feedback:give", kwargs={"code": code}),
        ],
    }


def _read(client: Client, page: str, *, follow: bool = False) -> list[Form]:
    """The forms on a page; none on a download or an address that sends elsewhere."""
    response = client.get(page, follow=follow)
    if response.status_code in (301, 302) or "html" not in response["Content-Type"]:
        return []
    assert response.status_code == 200, f"{page}: {response.status_code}"
    return page_forms(response.content.decode(), response.request["PATH_INFO"])


def _index(forms: list[Form]) -> dict[str, list[Form]]:
    """The forms by the name of the address they post to, one per address and button."""
    found: dict[str, list[Form]] = {}
    for form in forms:
        name = resolve(form.action).view_name
        known = found.setdefault(name, [])
        if all((form.action, form.button) != (other.action, other.button) for other in known):
            known.append(form)
    return found


class Fuzz:
    """The world, a client per actor (signed in once), the tables to read, the forms found."""

    def __init__(self):
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            self.world = _world_plus()
        self.clients: dict[str, Client] = {ANONYMOUS: Client(), GUEST: Client()}
        for actor in [*ROLES, "reviewer", INVITEE]:
            self.clients[actor] = Client()
            self.clients[actor].force_login(self.world["people"][actor])
        self.tables = _tables()
        self.forms = _index(
            [
                form
                for actor, pages in _pages(self.world).items()
                for page in pages
                for form in _read(self.clients[actor], page, follow=actor == ANONYMOUS)
            ]
        )

    def forms_for(self, name: str) -> list[Form]:
        """The forms posting to ``name``: on the world's own object, where the team has one."""
        forms = self.forms.get(name, [])
        if name in TEAM:
            own = _address(name, self.world)
            forms = [form for form in forms if form.action == own] or forms
        return [form for form in forms if form.action == forms[0].action]


# --- Reading every row ----------------------------------------------------------------


def _tables() -> dict[str, tuple[str, set[str]]]:
    """Each table of the project's apps: its primary key and its datetime columns."""
    tables = {}
    for label in ("accounts", "planning", "gatherings", "reporting"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            fields = model._meta.concrete_fields
            tables[model._meta.db_table] = (
                model._meta.pk.column,
                {f.column for f in fields if isinstance(f, models.DateTimeField)},
            )
    return tables


def _rows(tables) -> dict[tuple[str, object], dict]:
    """Every row of those tables, by table and primary key: one query, one JSON text."""
    union = " UNION ALL ".join(
        f"SELECT '{table}' AS t, to_jsonb(r) AS row FROM {connection.ops.quote_name(table)} r"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT coalesce(json_agg(json_build_array(t, row)), '[]')::text FROM ({union}) rows"
        )
        found = json.loads(cursor.fetchone()[0])
    return {(table, row[tables[table][0]]): row for table, row in found}


def _diff(before: dict, after: dict) -> dict:
    """Rows removed, rows added, and each changed column with what it holds now."""
    return {
        "removed": set(before) - set(after),
        "added": {key: after[key] for key in set(after) - set(before)},
        "changed": {
            (*key, column): value
            for key in set(before) & set(after)
            for column, value in after[key].items()
            if before[key].get(column) != value
        },
    }


# --- Posting ----------------------------------------------------------------------------


def _body(pairs: list[tuple[str, str]]) -> bytes:
    """The form encoded as a browser would, a lone surrogate as the bytes UTF-8 forbids."""
    return "&".join(
        f"{quote_plus(name)}={quote_plus(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in pairs
    ).encode()


def _arrives(value: str) -> str:
    """The value as Django decodes it (what is not UTF-8 becomes U+FFFD)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _same(shown, typed: str) -> bool:
    """The same text, line breaks and runs of spaces aside (single-line fields, strip)."""
    return " ".join(str(shown).split()) == " ".join(_arrives(typed).split())


NO_CHANGE = {"removed": set(), "added": {}, "changed": {}}


class Post:
    """One post, undone afterwards: its status, its answer, and what it changed."""

    def __init__(self, fuzz: Fuzz, client: Client, form: Form, pairs, before, *, htmx: bool):
        cookies = client.cookies
        client.cookies = type(cookies)(cookies)  # a post that signs out leaves the actor in
        self.error, self.response, self.diff = "", None, NO_CHANGE
        try:
            with transaction.atomic():
                try:
                    self.response = client.generic(
                        "POST",
                        form.action,
                        _body(pairs),
                        content_type="application/x-www-form-urlencoded",
                        headers={"HX-Request": "true"} if htmx else {},
                    )
                except Exception as error:  # the test client raises what the view raised
                    self.error = f"{type(error).__name__}: {error}"[:300]
                    self.status = 500
                else:
                    self.status = self.response.status_code
                    self.diff = _diff(before, _rows(fuzz.tables))
                raise _Undo
        except _Undo:
            pass
        client.cookies = cookies
        STATUSES[self.status] += 1

    @property
    def changed_anything(self) -> bool:
        return any(self.diff.values())

    @property
    def html(self) -> str:
        if self.response is None or "html" not in self.response.get("Content-Type", ""):
            return ""
        return self.response.content.decode(errors="replace")


def _plain(form: Form) -> list[tuple[str, str]]:
    """The form as the page shows it, an empty field it requires filled in."""
    pairs = []
    for name, field in form.fields.items():
        sent = field.sent
        if field.required and not [value for value in sent if value.strip()]:
            if field.kind in CHOSEN | {"select"}:
                sent = [next((option for option in field.options if option), "")]
            else:
                sent = [FILLING.get(field.kind, "Fuzz")]
        pairs += [(name, value) for value in sent]
    return [*pairs, form.button] if form.button else pairs


def _with(pairs, name: str, values: list[str]) -> list[tuple[str, str]]:
    """The pairs with ``name`` sending ``values`` instead, where it stood."""
    at = next((i for i, (key, _value) in enumerate(pairs) if key == name), len(pairs))
    kept = [(key, value) for key, value in pairs if key != name]
    return [*kept[:at], *[(name, value) for value in values], *kept[at:]]


def _changed(field: Field) -> list[str] | None:
    """Another ordinary value for the field, to learn what it writes; None for a hidden one."""
    if field.kind == "checkbox":
        return [] if field.sent else field.options[:1]
    if field.kind in ("select", "radio"):
        other = [option for option in field.options if option and option not in field.sent]
        return other[:1] or None
    if field.kind in ("hidden", "submit"):
        return None
    return [CHANGED.get(field.kind, CHANGED["text"])]


def _shape(name: str) -> str:
    """The name with its numbers left out: "note-12" and "note-13" are the same field."""
    return re.sub(r"\d+", "#", name)


# --- The checks -------------------------------------------------------------------------


def _shows_what_was_sent(post: Post, form: Form, pairs) -> list[str]:
    """A form sent back with its errors holds what was typed in each field."""
    if post.status not in (200, 400, 409, 422) or not post.html:
        OUTCOMES["nothing changed, sent elsewhere or not a page"] += 1
        return []
    # Typed fields are compared: the options of the lists (countries, time zones) can go.
    html = OPTIONS.sub("", post.html)
    again = [other for other in page_forms(html, form.action) if other.action == form.action]
    if not again:
        OUTCOMES["nothing changed, a page without the form"] += 1
        return ["refused without its form"] if post.status >= 400 else []
    shown = again[0].fields
    in_error = any(field.invalid for field in shown.values()) or ERROR_SHOWN.search(post.html)
    if post.status < 400 and not in_error:
        OUTCOMES["nothing changed, the form again without an error"] += 1
        return []  # taken, with nothing to change
    OUTCOMES["refused, the form again with its error: what it holds checked"] += 1
    sent = dict(pairs)
    return [
        f"{name} came back as {field.sent[0][:40]!r}… ({len(field.sent[0])} characters)"
        for name, field in shown.items()
        if field.typed and name in sent and field.sent and not _same(field.sent[0], sent[name])
    ]


def _written(diff: dict, marker: str) -> tuple[set, set]:
    """Where a post wrote ``marker``: changed cells (table, pk, column), new rows' columns."""
    cells = {key for key, value in diff["changed"].items() if value == marker}
    columns = {
        (table, column)
        for (table, _pk), row in diff["added"].items()
        for column, value in row.items()
        if value == marker
    }
    return cells, columns


def _as_typed(value, typed: str) -> bool:
    """A cell holding what was typed (something, not nothing): the field's own column."""
    return bool(_arrives(typed).strip()) and isinstance(value, str) and _same(value, typed)


def _unexplained(fuzz: Fuzz, post: Post, meant: list[Post], typed: str) -> list[str]:
    """What the post removed or changed that neither the ordinary posts nor the field explain."""
    found = []
    lost = post.diff["removed"] - set().union(*(other.diff["removed"] for other in meant))
    if lost:
        found.append(f"removed {sorted(lost)[:3]}, which an ordinary post keeps")
    allowed = set().union(*(other.diff["changed"] for other in meant))
    for key in sorted(post.diff["changed"].keys() - allowed):
        table, pk, column = key
        if column not in fuzz.tables[table][1] and not _as_typed(post.diff["changed"][key], typed):
            found.append(f"changed {table}.{column} (row {pk}), which an ordinary post keeps")
    return found  # (a time something was done is always new)


def _nothing_lost(fuzz: Fuzz, post: Post, meant: list[Post], typed: str) -> list[str]:
    """Taken: it removed and changed only what the ordinary posts do, and kept what was typed.

    ``meant`` are the plain post, then (where the post changed more than it and what was
    typed) the post of an ordinary new value in the field: where that one wrote its text
    is where the field's text goes.
    """
    problems = _unexplained(fuzz, post, meant, typed)
    cells, columns = _written(meant[-1].diff, CHANGED_TEXT)
    saved = [value for key, value in post.diff["changed"].items() if key in cells] + [
        row[column]
        for (table, _pk), row in post.diff["added"].items()
        for tabled, column in columns
        if tabled == table
    ]
    problems += [
        f"saved as {value[:40]!r}… ({len(value)} characters)"
        for value in saved
        if value and not _same(value, typed)  # kept as typed, or left aside as it does not apply
    ]
    return problems


def _check(fuzz: Fuzz, post: Post, meant: list[Post], form: Form, pairs, typed: str):
    if post.status >= 500:
        return [f"{post.status} {post.error}"]
    problems = []
    if MARKUP in _arrives(typed) and MARKUP in post.html:
        problems.append("the markup typed is on the page as markup")
    if post.changed_anything:
        OUTCOMES["taken: what it changed checked"] += 1
        problems += _nothing_lost(fuzz, post, meant, typed)
    else:
        problems += _shows_what_was_sent(post, form, pairs)
    return problems


# --- The tests --------------------------------------------------------------------------


def _actors(name: str) -> list[str]:
    if name in TEAM:
        need = TEAM[name]["POST"]
        return [actor for actor in ROLES if _expected(need, actor)]
    if name in REVIEW:
        return ["reviewer"]
    return [POSTED_WITHOUT_A_ROLE[name]]


def forms_to_fuzz(fuzz: Fuzz, name: str) -> list[Form]:
    """The forms to fuzz; a run-of-show button once the steps before it are taken."""
    if name in NO_FORM_OF_THEIR_OWN:
        own = _address(name, {**fuzz.world, "session": fuzz.world["live"]})
        return [
            replace(form, action=own) for form in forms_to_fuzz(fuzz, NO_FORM_OF_THEIR_OWN[name])
        ]
    if name not in RUN_STEPS:
        return fuzz.forms_for(name)
    host = fuzz.clients["host"]
    page = _address("sessions:run", {**fuzz.world, "session": fuzz.world["live"]})
    for step in RUN_STEPS[name]:
        (form,) = _index(_read(host, page))[f"sessions:run_{step}"]
        host.post(form.action, dict(form.data()))
    return _index(_read(host, page)).get(name, [])


class Fuzzing:
    """One address: its forms, each posted by each actor, plainly then with each value."""

    def __init__(self, fuzz: Fuzz, name: str):
        self.fuzz, self.name = fuzz, name
        self.before = _rows(fuzz.tables)
        self.problems: list[str] = []
        self.posts = 0

    def post(self, client, form, pairs, *, htmx: bool) -> Post:
        self.posts += 1
        return Post(self.fuzz, client, form, pairs, self.before, htmx=htmx)

    def run(self, form: Form) -> None:
        for number, actor in enumerate(_actors(self.name)):
            client = self.fuzz.clients[actor]
            plain_pairs = _plain(form)
            plain = self.post(client, form, plain_pairs, htmx=form.htmx and number % 2 == 0)
            if plain.status >= 500:
                self.problems.append(f"{actor}, as the page shows it: {plain.error}")
            shapes = set()
            button = form.button_field()
            fields = [*form.fields.items(), *([(button.name, button)] if button else [])]
            for index, (name, field) in enumerate(fields):
                if name == "csrfmiddlewaretoken" or _shape(name) in shapes:
                    continue
                if number and (actor, field.kind) in KINDS_DONE:
                    continue  # another actor has every value in a field of this kind once
                shapes.add(_shape(name))
                if number:
                    KINDS_DONE.add((actor, field.kind))
                self.field(client, actor, form, plain, plain_pairs, field, number + index)

    def field(self, client, actor, form, plain, plain_pairs, field, parity) -> None:
        changed, reference = _changed(field), None
        labels = VALUES_FOR.get(field.kind, TEXT_VALUES)
        others = field.options[1:] if field.kind == "submit" else []  # the other buttons
        values = [(label, HOSTILE[label]) for label in labels] + [
            (f"its button {other!r}", other) for other in others
        ]
        for turn, (label, value) in enumerate(values):
            pairs = _with(plain_pairs, field.name, [value])
            # Half with htmx, half as a browser without JavaScript, turn about.
            post = self.post(client, form, pairs, htmx=form.htmx and (parity + turn) % 2 == 0)
            if (
                reference is None
                and changed is not None
                and post.changed_anything
                and (post.diff["added"] or _unexplained(self.fuzz, post, [plain], value))
            ):  # an ordinary value, to learn what a change in this field changes
                ordinary = _with(plain_pairs, field.name, changed)
                reference = self.post(client, form, ordinary, htmx=form.htmx)
            meant = [plain, reference] if reference else [plain]
            if value in field.options and not field.typed:
                meant = [post, *meant]  # one of the field's own choices: nothing hostile
            self.problems += [
                f"{actor}, {label} in {field.name}: {problem}"
                for problem in _check(self.fuzz, post, meant, form, pairs, value)
            ]
