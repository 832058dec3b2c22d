import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from jamsessions.accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = "/accounts/signup/"
SIGN_IN = "/accounts/login/"
SIGN_OUT = "/accounts/logout/"
PASSWORD_CHANGE = "/accounts/password/change/"
PASSWORD_RESET = "/accounts/password/reset/"
JAMS = "/jams/"

NEW_PASSWORD = "quiet-river-at-dawn-71"
WRONG_LOGIN = "That email address and password do not match an account."
LOCKED_OUT = "Too many tries"


def sign_up_data(**overrides) -> dict:
    data = {
        "name": "Amina Wanjiru",
        "email": "amina@example.test",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def sign_up(client: Client, data: dict, capture, url: str = SIGN_UP):
    """Post the sign-up form, the emails it queues sent at once."""
    with capture(execute=True):
        return client.post(url, data)


def link_in(message) -> str:
    match = re.search(
        rf"{settings.SITE_URL}(/accounts/login/link/[^/\s]+/(?:\?\S+)?)", message.body
    )
    assert match, message.body
    return match.group(1)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post(SIGN_IN, {"username": email, "password": password, **extra})


def error_summary(response) -> str:
    """The text of the error summary at the top of the page, or '' when there is none."""
    match = re.search(r'<div class="error-summary".*?</div>', response.text, re.S)
    return match.group(0) if match else ""


# --- Sign up ----------------------------------------------------------------


def test_sign_up_page_shows_the_form(client):
    response = client.get(SIGN_UP)

    assert response.status_code == 200
    assert "<h1>Create an account</h1>" in response.text
    for name in ("name", "email", "password1", "password2"):
        assert f'name="{name}"' in response.text
    assert "There is a problem" not in response.text


def test_sign_up_valid_makes_a_waiting_account_and_emails_the_link_that_finishes_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(
        client, sign_up_data(email="New.Person@Example.TEST"), django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert "<h1>Check your email</h1>" in response.text
    assert "<strong>new.person@example.test</strong>" in response.text
    user = User.objects.get()
    assert user.email == "new.person@example.test"
    assert user.name == "Amina Wanjiru"
    assert user.check_password(NEW_PASSWORD)
    assert not user.email_confirmed
    assert signed_in_user_id(client) is None
    [message] = mailoutbox
    assert message.to == ["new.person@example.test"]
    assert message.subject == "Finish creating your Jam Sessions account"
    assert "within 24 hours" in message.body

    link = link_in(message)
    page = client.get(link)
    assert "<h1>Finish creating your account</h1>" in page.text
    assert signed_in_user_id(client) is None, "a mail scanner opening the link confirms nothing"
    finished = client.post(link)

    assert finished["Location"] == JAMS
    assert signed_in_user_id(client) == user.pk
    user.refresh_from_db()
    assert user.email_confirmed
    page = client.get(JAMS)
    assert "Welcome! Your account is ready." in page.text
    assert "<h1>My Jams</h1>" in page.text


def test_a_waiting_account_cannot_sign_in_with_its_password_yet(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, sign_up_data(), django_capture_on_commit_callbacks)

    response = sign_in(client, "amina@example.test", NEW_PASSWORD)

    assert "waits for its email address to be confirmed" in error_summary(response)
    assert signed_in_user_id(client) is None
    assert not AccessAttempt.objects.exists(), "the right password is no failure"

    client.post(link_in(mailoutbox[0]))
    client.post(SIGN_OUT)
    assert sign_in(client, "amina@example.test", NEW_PASSWORD)["Location"] == JAMS


def test_the_sign_up_link_works_once_and_for_a_day(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    start = dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        sign_up(client, sign_up_data(), django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1), tick=False):
        assert client.post(link).status_code == 404
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        assert client.post(link)["Location"] == JAMS
        assert Client().post(link).status_code == 404


def test_a_password_reset_finishes_a_waiting_account_too(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, sign_up_data(), django_capture_on_commit_callbacks)
    request_reset(client, "amina@example.test", django_capture_on_commit_callbacks)
    page = client.get(reset_link(mailoutbox[-1]), follow=True)

    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-start-at-noon-5", "new_password2": "a-fresh-start-at-noon-5"},
    )

    assert User.objects.get().email_confirmed
    assert sign_in(client, "amina@example.test", "a-fresh-start-at-noon-5")["Location"] == JAMS


def test_sign_up_name_is_optional(client, mailoutbox, django_capture_on_commit_callbacks):
    response = sign_up(client, sign_up_data(name=""), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    user = User.objects.get()
    assert user.name == ""
    assert user.display_name == "amina@example.test"
    assert mailoutbox[0].body.startswith("Hello,")


def test_sign_up_missing_fields_are_each_named(client):
    # A browser sends every field of the form, empty ones as "".
    response = client.post(SIGN_UP, dict.fromkeys(sign_up_data(), ""))

    assert response.status_code == 200
    summary = error_summary(response)
    assert "There is a problem" in summary
    assert "Email address: This field is required." in summary
    assert "Password: This field is required." in summary
    assert "Password again: This field is required." in summary
    assert "Name:" not in summary
    assert not User.objects.exists()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "email", ["not-an-email", "amina@", "@example.test", "amina@@example.test", "amina example"]
)
def test_sign_up_malformed_email_is_refused(client, email):
    response = client.post(SIGN_UP, sign_up_data(email=email))

    assert "Email address: Enter a valid email address." in error_summary(response)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "email", ["host@example.test", "HOST@Example.test", "Host@EXAMPLE.TEST", "  host@example.test "]
)
def test_sign_up_with_an_address_in_use_in_any_case_changes_nothing_and_tells_its_owner(
    client, host, email, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(client, sign_up_data(email=email), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "<h1>Check your email</h1>" in response.text
    assert "already exists" not in response.text
    assert list(User.objects.values_list("email", flat=True)) == ["host@example.test"]
    host.refresh_from_db()
    assert host.check_password(TEST_PASSWORD)
    assert host.name == "Host Person"
    assert signed_in_user_id(client) is None
    [message] = mailoutbox
    assert message.to == ["host@example.test"]
    assert "tried to create a Jam Sessions account with this address" in message.body


def test_sign_up_different_passwords_are_refused(client):
    response = client.post(SIGN_UP, sign_up_data(password2="quiet-river-at-dusk-71"))

    assert "Password again: The two passwords are not the same." in error_summary(response)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("k3x!p", "This password is too short. It must contain at least 8 characters."),
        ("8392017465", "This password is entirely numeric."),
        ("amina.wanjiru", "The password is too similar to the email address."),
    ],
)
def test_sign_up_weak_password_is_refused(client, password, message):
    data = sign_up_data(email="amina.wanjiru@example.test", password1=password, password2=password)

    response = client.post(SIGN_UP, data)

    assert f"Password: {message}" in error_summary(response)
    assert not User.objects.exists()


def test_sign_up_refused_form_does_not_echo_the_password(client):
    response = client.post(SIGN_UP, sign_up_data(email="not-an-email"))

    assert "There is a problem" in response.text
    assert NEW_PASSWORD not in response.text
    assert 'value="not-an-email"' in response.text


def test_sign_up_name_of_150_characters_is_kept(client, django_capture_on_commit_callbacks):
    name = ("Nomvula Dlamini " * 10)[:150]
    assert len(name) == 150

    sign_up(client, sign_up_data(name=name), django_capture_on_commit_callbacks)

    assert User.objects.get().name == name


def test_sign_up_name_longer_than_150_characters_is_refused(client):
    response = client.post(SIGN_UP, sign_up_data(name="N" * 151))

    assert "Ensure this value has at most 150 characters (it has 151)." in error_summary(response)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["أمينة الحسيني", "王小明", "Nguyễn Thị Hương", "प्रिया शर्मा", "Zoë O’Brien-Ngũgĩ"],
)
def test_sign_up_non_latin_name_is_kept_as_typed(
    client, name, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(client, sign_up_data(name=f"  {name} "), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    user = User.objects.get()
    assert user.name == name
    assert str(user) == name
    assert f"Hello {name}," in mailoutbox[0].body


def test_sign_up_ignores_an_offsite_next(client, mailoutbox, django_capture_on_commit_callbacks):
    sign_up(
        client,
        sign_up_data(next="https://evil.example/"),
        django_capture_on_commit_callbacks,
        url=f"{SIGN_UP}?next=https://evil.example/",
    )

    link = link_in(mailoutbox[0])
    assert "evil" not in link
    assert client.post(link)["Location"] == JAMS


@pytest.mark.parametrize("next_url", ["//evil.example/", "https:///evil.example/", "javascript:x"])
def test_sign_up_ignores_a_disguised_offsite_next(
    client, next_url, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, sign_up_data(next=next_url), django_capture_on_commit_callbacks)

    assert client.post(link_in(mailoutbox[0]))["Location"] == JAMS


def test_sign_up_follows_a_local_next(client, mailoutbox, django_capture_on_commit_callbacks):
    sign_up(
        client, sign_up_data(), django_capture_on_commit_callbacks, url=f"{SIGN_UP}?next=/jams/new/"
    )

    assert client.post(link_in(mailoutbox[0]))["Location"] == "/jams/new/"


def test_sign_up_when_signed_in_goes_to_jams(host_client):
    response = host_client.post(SIGN_UP, sign_up_data())

    assert response["Location"] == JAMS
    assert User.objects.count() == 1


# --- Sign in ----------------------------------------------------------------


def test_sign_in_page_shows_the_form(client):
    response = client.get(SIGN_IN)

    assert "<h1>Sign in</h1>" in response.text
    assert 'name="username"' in response.text
    assert 'type="email"' in response.text
    assert 'name="password"' in response.text
    assert 'href="/accounts/password/reset/"' in response.text


@pytest.mark.parametrize("email", ["host@example.test", "HOST@Example.TEST", "Host@example.test"])
def test_sign_in_works_in_any_email_case(client, host, email):
    response = sign_in(client, email, TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk
    host.refresh_from_db()
    assert host.last_login is not None


def test_sign_in_wrong_password_shows_the_message(client, host):
    response = sign_in(client, "host@example.test", "not-the-password")

    assert response.status_code == 200
    assert WRONG_LOGIN in error_summary(response)
    assert 'value="host@example.test"' in response.text
    assert signed_in_user_id(client) is None


def test_sign_in_unknown_address_shows_the_same_message(client, host):
    response = sign_in(client, "nobody@example.test", TEST_PASSWORD)

    assert WRONG_LOGIN in error_summary(response)
    assert signed_in_user_id(client) is None


def test_sign_in_inactive_account_is_refused(client):
    UserFactory(email="resting@example.test", is_active=False)

    response = sign_in(client, "resting@example.test", TEST_PASSWORD)

    assert "There is a problem" in response.text
    assert signed_in_user_id(client) is None


def test_sign_in_empty_form_names_each_field(client):
    response = sign_in(client, "", "")

    summary = error_summary(response)
    assert "Email address: This field is required." in summary
    assert "Password: This field is required." in summary


def test_sign_in_ignores_an_offsite_next(client, host):
    response = sign_in(client, "host@example.test", TEST_PASSWORD, next="https://evil.example/")

    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk


def test_sign_in_follows_a_local_next(client, host):
    response = sign_in(client, "host@example.test", TEST_PASSWORD, next="/jams/new/")

    assert response["Location"] == "/jams/new/"


def test_sign_in_locks_out_after_five_failures(client, host):
    for _ in range(4):
        response = sign_in(client, "host@example.test", "wrong-guess")
        assert WRONG_LOGIN in error_summary(response)

    fifth = sign_in(client, "host@example.test", "wrong-guess")
    # The failure that reaches the limit is itself answered with the locked-out page.
    assert fifth.status_code == 429
    assert LOCKED_OUT in fifth.text

    response = sign_in(client, "host@example.test", TEST_PASSWORD)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert f"<h1>{LOCKED_OUT}</h1>" in response.text
    assert 'href="/accounts/password/reset/"' in response.text
    assert signed_in_user_id(client) is None
    host.refresh_from_db()
    assert host.last_login is None


def test_sign_in_lockout_does_not_depend_on_email_case(client, host):
    for email in [
        "host@example.test",
        "HOST@example.test",
        "Host@Example.test",
        "hOsT@example.TEST",
    ]:
        sign_in(client, email, "wrong-guess")
    sign_in(client, "HOST@EXAMPLE.TEST", "wrong-guess")

    response = sign_in(client, "host@example.test", TEST_PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT in response.text
    assert signed_in_user_id(client) is None


def test_sign_in_lockout_is_for_that_address_only(client, host, other_host):
    for _ in range(5):
        sign_in(client, "host@example.test", "wrong-guess")

    response = sign_in(client, "other@example.test", TEST_PASSWORD)

    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == other_host.pk


def test_sign_in_lockout_lifts_after_fifteen_minutes(client, host):
    for _ in range(5):
        sign_in(client, "host@example.test", "wrong-guess")
    assert sign_in(client, "host@example.test", TEST_PASSWORD).status_code == 429

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)):
        response = sign_in(client, "host@example.test", TEST_PASSWORD)

    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk


def test_sign_in_success_clears_earlier_failures(client, host):
    for _ in range(4):
        sign_in(client, "host@example.test", "wrong-guess")
    assert sign_in(client, "host@example.test", TEST_PASSWORD)["Location"] == JAMS
    client.post(SIGN_OUT)

    for _ in range(4):
        response = sign_in(client, "host@example.test", "wrong-guess")
        assert WRONG_LOGIN in error_summary(response)
    response = sign_in(client, "host@example.test", TEST_PASSWORD)

    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk


def test_sign_in_failures_store_no_password(client, host):
    sign_in(client, "host@example.test", "my-secret-guess")

    attempt = AccessAttempt.objects.get()
    assert attempt.username == "host@example.test"
    assert "my-secret-guess" not in attempt.post_data


# --- Sign out ---------------------------------------------------------------


def test_sign_out_post_signs_out(host_client):
    response = host_client.post(SIGN_OUT)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(host_client) is None
    home = host_client.get("/")
    assert 'href="/accounts/login/"' in home.text
    assert "Sign out" not in home.text
    assert host_client.get(JAMS)["Location"] == "/accounts/login/?next=/jams/"


def test_sign_out_get_is_not_allowed(host_client, host):
    response = host_client.get(SIGN_OUT)

    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert signed_in_user_id(host_client) == host.pk


def test_sign_out_button_is_a_form_on_every_page(host_client):
    response = host_client.get("/")

    assert re.search(
        r'<form method="post" action="/accounts/logout/"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"',
        response.text,
    )


# --- Password change --------------------------------------------------------


def test_password_change_needs_sign_in(client):
    response = client.get(PASSWORD_CHANGE)

    assert response["Location"] == "/accounts/login/?next=/accounts/password/change/"


def test_password_change_with_right_old_password(host_client, host):
    response = host_client.post(
        PASSWORD_CHANGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/password/change/done/", 302)]
    assert "<h1>Password changed</h1>" in response.text
    assert "Your password has been changed." in response.text
    host.refresh_from_db()
    assert host.check_password(NEW_PASSWORD)
    assert not host.check_password(TEST_PASSWORD)
    # The session survives the change: the user is still signed in.
    assert "<h1>My Jams</h1>" in host_client.get(JAMS).text


def test_password_change_signs_out_other_sessions(host_client, host):
    elsewhere = Client()
    elsewhere.force_login(host)

    host_client.post(
        PASSWORD_CHANGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert elsewhere.get(JAMS)["Location"] == "/accounts/login/?next=/jams/"


def test_password_change_wrong_old_password_is_refused(host_client, host):
    response = host_client.post(
        PASSWORD_CHANGE,
        {
            "old_password": "not-my-password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly. Please enter it again." in error_summary(
        response
    )
    host.refresh_from_db()
    assert host.check_password(TEST_PASSWORD)


def test_password_change_different_new_passwords_are_refused(host_client, host):
    response = host_client.post(
        PASSWORD_CHANGE,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": "quiet-river-at-dusk-71",
        },
    )

    assert "The two password fields didn’t match." in error_summary(response)
    host.refresh_from_db()
    assert host.check_password(TEST_PASSWORD)


def test_password_change_weak_new_password_is_refused(host_client, host):
    response = host_client.post(
        PASSWORD_CHANGE,
        {"old_password": TEST_PASSWORD, "new_password1": "password", "new_password2": "password"},
    )

    assert "This password is too common." in error_summary(response)
    host.refresh_from_db()
    assert host.check_password(TEST_PASSWORD)


# --- Password reset ---------------------------------------------------------


def request_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PASSWORD_RESET, {"email": email}, follow=True)


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_page_shows_the_form(client):
    response = client.get(PASSWORD_RESET)

    assert "<h1>Reset your password</h1>" in response.text
    assert 'name="email"' in response.text


def test_password_reset_sends_a_mail_with_text_and_html_parts(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_reset(client, "HOST@Example.test", django_capture_on_commit_callbacks)

    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert "<h1>Check your email</h1>" in response.text
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["host@example.test"]
    assert message.subject == "Choose a new password for Jam Sessions"
    assert message.from_email == "Jam Sessions <jams@example.org>"
    link = reset_link(message)
    assert "Someone asked to reset the password" in message.body
    assert "<" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'<a href="http://testserver{link}">Choose a new password</a>' in html


def test_password_reset_mail_waits_for_the_commit(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(PASSWORD_RESET, {"email": "host@example.test"})
        assert mailoutbox == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_password_reset_link_sets_a_new_password(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, "host@example.test", django_capture_on_commit_callbacks)
    link = reset_link(mailoutbox[0])

    page = client.get(link, follow=True)
    assert "<h1>Choose a new password</h1>" in page.text
    set_password_url = page.redirect_chain[-1][0]
    assert set_password_url.endswith("/set-password/")

    done = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert "<h1>Your new password is saved</h1>" in done.text
    host.refresh_from_db()
    assert host.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) is None
    assert WRONG_LOGIN in error_summary(sign_in(client, "host@example.test", TEST_PASSWORD))
    assert sign_in(client, "host@example.test", NEW_PASSWORD)["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk


def test_password_reset_new_password_is_validated(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, "host@example.test", django_capture_on_commit_callbacks)
    page = client.get(reset_link(mailoutbox[0]), follow=True)

    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )

    assert "This password is too common." in error_summary(response)
    host.refresh_from_db()
    assert host.check_password(TEST_PASSWORD)


def test_password_reset_unknown_address_looks_the_same_and_sends_nothing(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_reset(client, "nobody@example.test", django_capture_on_commit_callbacks)

    assert response.redirect_chain == [("/accounts/password/reset/sent/", 302)]
    assert "<h1>Check your email</h1>" in response.text
    assert mailoutbox == []


def test_password_reset_inactive_account_gets_no_mail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="resting@example.test", is_active=False)

    response = request_reset(client, "resting@example.test", django_capture_on_commit_callbacks)

    assert "<h1>Check your email</h1>" in response.text
    assert mailoutbox == []


def test_password_reset_used_link_no_longer_works(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, "host@example.test", django_capture_on_commit_callbacks)
    link = reset_link(mailoutbox[0])
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    again = Client().get(link, follow=True)

    assert "<h1>This link no longer works</h1>" in again.text
    assert 'name="new_password1"' not in again.text
    assert 'href="/accounts/password/reset/"' in again.text


def test_password_reset_link_expires_after_a_day(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    request_reset(client, "host@example.test", django_capture_on_commit_callbacks)
    link = reset_link(mailoutbox[0])

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        response = client.get(link, follow=True)

    assert "<h1>This link no longer works</h1>" in response.text


@pytest.mark.parametrize(
    "link",
    ["/accounts/password/reset/MQ/not-a-token/", "/accounts/password/reset/zzzz/abc-123/"],
)
def test_password_reset_bad_link_no_longer_works(client, host, link):
    response = client.get(link, follow=True)

    assert "<h1>This link no longer works</h1>" in response.text
    assert 'name="new_password1"' not in response.text


# --- Groups -----------------------------------------------------------------


def test_reviewers_group_exists_after_migrations():
    assert Group.objects.filter(name="reviewers").exists()
