"""What the account pages let through, and what they never tell: signing up answers the same
for any address, sign-in is limited per place across addresses, and the emails of the
account pages are limited per address and per place, counting requests, not accounts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, RequestFactory

from jamsessions.accounts.models import User
from jamsessions.http import client_place
from jamsessions.pace import Cap, CapReached, Pace, frees_at, pace_take
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = "/accounts/signup/"
SIGN_IN = "/accounts/login/"
LINK = "/accounts/login/link/"
RESET = "/accounts/password/reset/"
JAMS = "/jams/"
START = dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC)
HERE = "203.0.113.7"
ELSEWHERE = "198.51.100.4"
PASSWORD = "quiet-river-at-dawn-71"
ADDRESS_PAUSED = "Emails for this address have been asked for several times"
PLACE_PAUSED = "Many emails have been asked for from your network"


@pytest.fixture
def clock(time_machine):
    """The clock stopped at START; ``clock(minutes=…)`` moves it on from there."""
    time_machine.move_to(START, tick=False)

    def move(**delta):
        time_machine.move_to(START + dt.timedelta(**delta), tick=False)

    return move


def client_at(place: str = HERE) -> Client:
    return Client(REMOTE_ADDR=place)


def sign_up(client: Client, email: str, capture, **data):
    fields = {"name": "", "email": email, "password1": PASSWORD, "password2": PASSWORD, **data}
    with capture(execute=True):
        return client.post(SIGN_UP, fields)


def sign_in(client: Client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def ask(client: Client, url: str, email: str, capture):
    with capture(execute=True):
        return client.post(url, {"email": email})


def page(response) -> str:
    """A page's text without what differs on every answer (its CSRF tokens)."""
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "…", response.text)


def page_templates(response) -> list[str]:
    """The templates of the page itself (the emails a request queues have their own)."""
    return [t.name for t in response.templates if not t.name.startswith("accounts/email/")]


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that counts the passwords it hashed."""

    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


# --- Signing up tells nothing ---------------------------------------------------------------


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(
    host, mailoutbox, django_capture_on_commit_callbacks
):
    taken_client, free_client = client_at(), client_at(ELSEWHERE)
    taken = sign_up(taken_client, "HOST@example.test", django_capture_on_commit_callbacks)
    free = sign_up(free_client, "host@example.org", django_capture_on_commit_callbacks)

    assert taken.status_code == free.status_code == 200
    assert page_templates(taken) == page_templates(free)
    assert page(taken).replace("host@example.test", "…") == page(free).replace(
        "host@example.org", "…"
    )
    assert "<h1>Check your email</h1>" in taken.text
    assert sorted(taken.cookies) == sorted(free.cookies)
    assert signed_in_user_id(taken_client) is signed_in_user_id(free_client) is None

    owner, newcomer = mailoutbox
    assert owner.to == ["host@example.test"]
    assert owner.subject == "Someone tried to create a Jam Sessions account with your address"
    assert "Someone, maybe you, tried to create a Jam Sessions account" in owner.body
    assert "http://127.0.0.1:8000/accounts/login/\n" in owner.body
    assert "http://127.0.0.1:8000/accounts/login/link/\n" in owner.body
    assert "http://127.0.0.1:8000/accounts/password/reset/\n" in owner.body
    assert not re.search(r"/accounts/(login/link|password/reset)/[^\s/]+/", owner.body), "no token"
    [(html, _)] = owner.alternatives
    assert 'href="http://127.0.0.1:8000/accounts/password/reset/"' in html
    assert newcomer.to == ["host@example.org"]
    assert newcomer.subject == "Finish creating your Jam Sessions account"
    assert re.search(r"/accounts/login/link/[^\s/]+/", newcomer.body)


def test_sign_up_does_the_same_work_either_way(host, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_throttles.CountingHasher"]
    work = {}
    for email in ("host@example.test", "new@example.test"):
        CountingHasher.hashed = 0
        with django_capture_on_commit_callbacks(execute=False) as queued:
            client_at().post(
                SIGN_UP, {"email": email, "password1": PASSWORD, "password2": PASSWORD}
            )
        work[email] = (CountingHasher.hashed, len(queued))

    assert work["host@example.test"] == work["new@example.test"] == (1, 1)


def test_signing_up_again_over_a_waiting_account_tells_its_owner_and_keeps_its_password(
    mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client_at(), "amina@example.test", django_capture_on_commit_callbacks)

    again = sign_up(
        client_at(ELSEWHERE),
        "amina@example.test",
        django_capture_on_commit_callbacks,
        password1="someone-elses-pass-99",
        password2="someone-elses-pass-99",
    )

    assert "<h1>Check your email</h1>" in again.text
    assert User.objects.get().check_password(PASSWORD)
    first, note = mailoutbox
    assert first.subject == "Finish creating your Jam Sessions account"
    assert note.subject == "Someone tried to create a Jam Sessions account with your address"
    assert "That account was never finished" in note.body
    assert "http://127.0.0.1:8000/accounts/password/reset/\n" in note.body
    assert "/accounts/login/link/" not in note.body


def test_someone_signing_up_with_anothers_address_never_gets_into_the_account(
    mailoutbox, django_capture_on_commit_callbacks
):
    """The squatter's password stays useless: the owner gets no sign-in link for the waiting
    account, and the reset that finishes it replaces that password."""
    squatter = client_at(ELSEWHERE)
    sign_up(squatter, "amina@example.test", django_capture_on_commit_callbacks)
    owner = client_at()

    ask(owner, LINK, "amina@example.test", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1, "no sign-in link for the waiting account"
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(RESET, {"email": "amina@example.test"})
    reset = re.search(r"/accounts/password/reset/[^/\s]+/[^/\s]+/", mailoutbox[-1].body).group(0)
    form = owner.get(reset, follow=True).redirect_chain[-1][0]
    owner.post(form, {"new_password1": "owners-own-pass-42", "new_password2": "owners-own-pass-42"})

    assert User.objects.get().email_confirmed
    assert sign_in(squatter, "amina@example.test", PASSWORD).status_code == 200
    assert signed_in_user_id(squatter) is None
    assert sign_in(owner, "amina@example.test", "owners-own-pass-42")["Location"] == JAMS


def test_an_inactive_account_gets_no_email_from_a_sign_up(
    mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="gone@example.test", is_active=False)

    response = sign_up(client_at(), "gone@example.test", django_capture_on_commit_callbacks)

    assert "<h1>Check your email</h1>" in response.text
    assert mailoutbox == []


# --- Signing in: per place, across addresses ------------------------------------------------


def test_one_place_trying_one_password_on_many_addresses_is_paused_for_every_address(
    clock, host, settings
):
    here = client_at()
    for number in range(settings.SIGN_IN_PLACE_FAILURE_LIMIT - 1):
        response = sign_in(here, f"someone{number}@example.test", "Summer2031!")
        assert response.status_code == 200, number

    last = sign_in(here, "someone-else@example.test", "Summer2031!")
    assert last.status_code == 429

    response = sign_in(here, "host@example.test", TEST_PASSWORD)
    assert response.status_code == 429
    assert "<h1>Too many tries</h1>" in response.text
    assert "Many wrong passwords were tried from your network" in response.text
    assert "Try again in 15 minutes." in response.text
    assert 'href="/accounts/login/link/"' in response.text
    assert signed_in_user_id(here) is None

    elsewhere = client_at(ELSEWHERE)
    assert sign_in(elsewhere, "host@example.test", TEST_PASSWORD)["Location"] == JAMS


def test_the_place_pause_says_when_it_lifts_and_lifts_then(clock, host, settings):
    here = client_at()
    for number in range(settings.SIGN_IN_PLACE_FAILURE_LIMIT):
        sign_in(here, f"someone{number}@example.test", "Summer2031!")

    clock(minutes=10)
    response = sign_in(here, "host@example.test", "still-wrong")
    assert response.status_code == 429
    assert "Try again in 5 minutes." in response.text

    clock(minutes=14)
    assert sign_in(here, "host@example.test", TEST_PASSWORD).status_code == 429
    clock(minutes=16)
    assert sign_in(here, "host@example.test", TEST_PASSWORD)["Location"] == JAMS


def test_below_the_place_limit_addresses_are_counted_apart(clock, host, settings):
    here = client_at()
    for number in range(settings.SIGN_IN_PLACE_FAILURE_LIMIT - 2):
        sign_in(here, f"someone{number}@example.test", "Summer2031!")

    assert sign_in(here, "host@example.test", TEST_PASSWORD)["Location"] == JAMS


def test_the_address_pause_names_the_address_and_the_minutes_left(clock, host):
    here = client_at()
    for _ in range(4):
        sign_in(here, "host@example.test", "wrong-guess")
    clock(minutes=5)

    response = sign_in(here, "host@example.test", "wrong-guess")

    assert response.status_code == 429
    assert "Several wrong passwords were tried for <strong>host@example.test</strong>" in (
        response.text
    )
    assert "Try again in 15 minutes." in response.text
    assert "Each new try before then starts the pause again" in response.text
    clock(minutes=12)
    assert "Try again in 15 minutes." in sign_in(here, "host@example.test", "x").text


def test_a_forwarded_address_from_a_stranger_does_not_change_the_place(clock, host, settings):
    for number in range(settings.SIGN_IN_PLACE_FAILURE_LIMIT):
        client_at().post(
            SIGN_IN,
            {"username": f"someone{number}@example.test", "password": "Summer2031!"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    assert sign_in(client_at(), "host@example.test", TEST_PASSWORD).status_code == 429


def test_behind_a_named_proxy_each_forwarded_client_is_its_own_place(clock, host, settings):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/8"]
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for number in range(settings.SIGN_IN_PLACE_FAILURE_LIMIT):
        proxy.post(
            SIGN_IN,
            {"username": f"someone{number}@example.test", "password": "Summer2031!"},
            HTTP_X_FORWARDED_FOR=HERE,
        )

    paused = proxy.post(
        SIGN_IN,
        {"username": "host@example.test", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR=HERE,
    )
    other = proxy.post(
        SIGN_IN,
        {"username": "host@example.test", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR=f"{HERE}, {ELSEWHERE}",
    )

    assert paused.status_code == 429
    assert other["Location"] == JAMS


@pytest.mark.parametrize(
    ("remote", "forwarded", "allowed", "place"),
    [
        ("203.0.113.7", "", ["127.0.0.1", "::1"], "203.0.113.7"),
        ("203.0.113.7", "192.0.2.1", ["127.0.0.1", "::1"], "203.0.113.7"),
        ("127.0.0.1", "192.0.2.1", ["127.0.0.1", "::1"], "192.0.2.1"),
        ("10.1.2.3", "6.6.6.6, 192.0.2.1, 10.9.9.9", ["10.0.0.0/8"], "192.0.2.1"),
        ("10.1.2.3", "6.6.6.6, 192.0.2.1", ["*"], "192.0.2.1"),
        ("10.1.2.3", "not-an-address", ["10.0.0.0/8"], "10.1.2.3"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "", ["127.0.0.1"], "2001:db8:1:2::"),
        ("::ffff:192.0.2.9", "", ["127.0.0.1"], "192.0.2.9"),
        ("", "192.0.2.1", ["127.0.0.1"], "192.0.2.1"),
    ],
)
def test_the_place_of_a_request(settings, remote, forwarded, allowed, place):
    settings.FORWARDED_ALLOW_IPS = allowed
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_place(request) == place


# --- Account emails: per address ------------------------------------------------------------


@pytest.mark.parametrize(("url", "form_url"), [(RESET, RESET), (LINK, LINK)])
@pytest.mark.parametrize("email", ["host@example.test", "nobody@example.test"])
def test_emails_for_one_address_are_limited_and_the_message_is_the_same_for_any_address(
    clock, host, mailoutbox, django_capture_on_commit_callbacks, settings, url, form_url, email
):
    sent_before = []
    for number in range(settings.ACCOUNT_EMAILS_PER_ADDRESS):
        place = f"192.0.2.{number}"
        response = ask(client_at(place), url, email, django_capture_on_commit_callbacks)
        assert response.status_code in (200, 302)
        sent_before.append(len(mailoutbox))

    refused = ask(client_at(ELSEWHERE), url, email.upper(), django_capture_on_commit_callbacks)

    assert refused.status_code == 200
    assert ADDRESS_PAUSED in refused.text
    assert "Please ask again in 61 minutes." in refused.text
    assert 'class="error-summary"' in refused.text
    assert len(mailoutbox) == sent_before[-1], "nothing sent past the cap"
    assert len(mailoutbox) == (settings.ACCOUNT_EMAILS_PER_ADDRESS if email == host.email else 0)

    clock(minutes=61)
    ask(client_at(ELSEWHERE), url, email, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == (
        settings.ACCOUNT_EMAILS_PER_ADDRESS + 1 if email == host.email else 0
    )


def test_the_limit_message_reads_the_same_for_an_address_with_and_without_an_account(
    clock, host, django_capture_on_commit_callbacks, settings
):
    answers = {}
    for email in ("host@example.test", "nobody@example.test"):
        for _ in range(settings.ACCOUNT_EMAILS_PER_ADDRESS + 1):
            response = ask(client_at(), RESET, email, django_capture_on_commit_callbacks)
        answers[email] = page(response).replace(email, "…")

    assert answers["host@example.test"] == answers["nobody@example.test"]


def test_the_account_pages_share_one_limit_per_address(
    clock, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client_at(), RESET, "host@example.test", django_capture_on_commit_callbacks)
    ask(client_at(), LINK, "host@example.test", django_capture_on_commit_callbacks)
    sign_up(client_at(), "host@example.test", django_capture_on_commit_callbacks)

    refused = sign_up(client_at(), "host@example.test", django_capture_on_commit_callbacks)

    assert ADDRESS_PAUSED in refused.text
    assert "<h1>Create an account</h1>" in refused.text
    assert len(mailoutbox) == 3


def test_a_sign_up_refused_by_the_limit_makes_no_account(
    clock, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_EMAILS_PER_ADDRESS = 1
    ask(client_at(), LINK, "amina@example.test", django_capture_on_commit_callbacks)

    refused = sign_up(client_at(), "amina@example.test", django_capture_on_commit_callbacks)

    assert ADDRESS_PAUSED in refused.text
    assert not User.objects.exists()
    assert mailoutbox == []


# --- Account emails: per place --------------------------------------------------------------


@pytest.mark.parametrize("url", [RESET, LINK])
def test_emails_asked_from_one_place_are_limited_across_addresses(
    clock, host, mailoutbox, django_capture_on_commit_callbacks, settings, url
):
    here = client_at()
    for number in range(settings.ACCOUNT_EMAILS_PER_PLACE - 1):
        ask(here, url, f"someone{number}@example.test", django_capture_on_commit_callbacks)
    clock(minutes=30)
    ask(here, url, "host@example.test", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    refused = ask(here, url, "host@example.test", django_capture_on_commit_callbacks)

    assert PLACE_PAUSED in refused.text
    assert "Please ask again in 31 minutes." in refused.text
    assert len(mailoutbox) == 1
    ask(client_at(ELSEWHERE), url, "host@example.test", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2

    clock(minutes=61)
    ask(here, url, "host@example.test", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 3


def test_sign_ups_from_one_place_are_limited_too(
    clock, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_EMAILS_PER_PLACE = 2
    for email in ("a@example.test", "b@example.test"):
        sign_up(client_at(), email, django_capture_on_commit_callbacks)

    refused = sign_up(client_at(), "c@example.test", django_capture_on_commit_callbacks)

    assert PLACE_PAUSED in refused.text
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "a@example.test",
        "b@example.test",
    ]
    assert len(mailoutbox) == 2


def test_the_limits_keep_counts_only_never_an_address(
    clock, host, django_capture_on_commit_callbacks
):
    ask(client_at(), RESET, "host@example.test", django_capture_on_commit_callbacks)

    rows = list(Pace.objects.values("cap", "key", "count"))
    assert {row["cap"] for row in rows} == {"account-emails-address", "account-emails-place"}
    assert all(row["count"] == 1 for row in rows)
    assert not any("host" in row["key"] or HERE in row["key"] for row in rows)


# --- The flood caps themselves --------------------------------------------------------------


def test_a_full_cap_counts_nothing_for_the_other_keys_of_the_take():
    first = Cap("first", limit=1, window=dt.timedelta(minutes=5))
    second = Cap("second", limit=5, window=dt.timedelta(minutes=5))
    pace_take((first, "a"), now=START)

    with pytest.raises(CapReached) as reached:
        pace_take((second, "b"), (first, "a"), now=START)

    assert reached.value.cap == first
    assert reached.value.frees_at == START + dt.timedelta(minutes=6)
    assert not Pace.objects.filter(cap="second").exists()


def test_a_cap_frees_when_enough_of_its_oldest_counts_are_past():
    entries = [(START + dt.timedelta(minutes=3), 2), (START + dt.timedelta(minutes=1), 1)]

    assert frees_at(entries, limit=4) is None
    assert frees_at(entries, limit=3) == START + dt.timedelta(minutes=1)
    assert frees_at(entries, limit=2) == START + dt.timedelta(minutes=3)
