"""A host signs in from an emailed link on a phone; a guest switches the site's language."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from tests.browser.conftest import check_page
from tests.factories import GuestFactory, JamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_host_signs_in_with_an_emailed_link(live_server, page, page_problems, settings):
    settings.SITE_URL = live_server.url
    UserFactory(email="amina@example.test", name="Amina")
    mail.outbox.clear()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Email me a sign-in link instead").click()
    check_page(page, page_problems)
    page.get_by_label("Email address").fill("amina@example.test")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_page(page, page_problems)

    (message,) = mail.outbox
    link = re.search(r"http://\S+/accounts/login/link/\S+", message.body)[0]
    page.goto(link)
    expect(page.get_by_text("Sign in as Amina")).to_be_visible()
    check_page(page, page_problems)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{live_server.url}/jams/")
    expect(page.get_by_text("You are signed in.")).to_be_visible()


def test_a_guest_reads_their_page_in_the_jams_language_and_switches_it(
    live_server, page, page_problems
):
    jam = JamFactory(host=UserFactory(), name="Jam de la Esperanza", language="es")
    guest = GuestFactory(jam=jam, name="Lucía")
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check_page(page, page_problems)

    page.get_by_label("Idioma del sitio").select_option("fr")
    page.get_by_role("button", name="Cambiar idioma").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jam de la Esperanza")
    expect(page.get_by_label("Langue du site")).to_have_value("fr")
    check_page(page, page_problems)
