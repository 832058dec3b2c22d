"""Deleting a Jam in a real browser at 360 px: what goes with it, its export first, then its
name typed (wrong, then right); axe on each page."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from planning.models import Jam
from tests.browser.conftest import check_page, sign_in
from tests.factories import (
    GuestFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_host_downloads_then_deletes_a_jam_on_a_phone(live_server, page_and_problems, tmp_path):
    page, problems = page_and_problems
    host = UserFactory(email="host@example.test", name="Amina")
    jam = JamFactory(host=host, name="Healing Together")
    session = SessionFactory(jam=jam, number=1)
    RsvpFactory(guest=GuestFactory(jam=jam, name="Wanjiru"), session=session)
    base = live_server.url

    sign_in(page, base, host.email)

    page.goto(f"{base}/jams/{jam.slug}/")
    page.get_by_role("link", name="Delete this Jam").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “Healing Together”?")
    expect(page.get_by_text("1 guest", exact=True)).to_be_visible()
    check_page(page, problems)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything first").click()
    assert download.value.suggested_filename.startswith("healing-together-export-")
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "Wanjiru" in archive.read("guests.csv").decode("utf-8-sig")

    page.get_by_label(re.compile("^To delete it, type the Jam’s name")).fill("Healing")
    page.get_by_role("button", name="Delete the Jam and everything in it").click()
    expect(page.get_by_role("alert")).to_contain_text("That is not the name of this Jam.")
    check_page(page, problems)
    assert Jam.objects.filter(pk=jam.pk).exists()

    page.get_by_label(re.compile("^To delete it, type the Jam’s name")).fill("healing together")
    page.get_by_role("button", name="Delete the Jam and everything in it").click()
    expect(page.get_by_text("“Healing Together” is deleted.")).to_be_visible()
    check_page(page, problems)
    assert not Jam.objects.filter(pk=jam.pk).exists()
