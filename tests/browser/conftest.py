"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser`` and skipped when Chromium is not installed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests.browser_check import INSTALL, chromium_path, chromium_unusable
from tests.factories import TEST_PASSWORD

# Playwright's sync API keeps an asyncio loop running in the test thread, and Django
# refuses ORM calls from a thread with a running loop. Tests here call the ORM (factories,
# the transactional flush) between browser steps, never from inside the loop, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).parent
CHROMIUM = chromium_path()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
expect.set_options(timeout=15_000)
CSP_PREFIX = "CSP violation:"

# Runs before any script of the page, whatever its CSP, and reports each violation on the console.
REPORT_CSP_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_PREFIX} " + event.effectiveDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
}});
"""


def pytest_collection_modifyitems(config, items):
    problem = chromium_unusable()
    skip = pytest.mark.skip(reason=f"{problem}: {INSTALL}.")
    for item in items:
        if HERE not in item.path.parents:
            continue  # this hook sees the whole session's items; only ours are marked
        item.add_marker(pytest.mark.browser)
        if problem:
            item.add_marker(skip)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One headless Chromium for all browser tests.

    Package-scoped (this package holds every browser test), so that Playwright, and the event
    loop it keeps running in the main thread, stop as soon as the last browser test is done.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class PageProblems:
    """What went wrong in the page, as the browser reports it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        text = f"{message.text} ({where})" if where else message.text
        if message.text.startswith(CSP_PREFIX):
            self.csp_violations.append(text)
        else:
            self.console_errors.append(text)

    def on_page_error(self, error: Exception) -> None:
        self.page_errors.append(str(error))

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.page_errors or self.csp_violations)

    def report(self) -> str:
        lines = []
        for title, found in (
            ("Console errors", self.console_errors),
            ("Uncaught page errors", self.page_errors),
            ("Content-Security-Policy violations", self.csp_violations),
        ):
            if found:
                lines.append(f"{title}:")
                lines.extend(f"  - {item}" for item in found)
        return "\n".join(lines)


def new_phone_page(browser: Browser, **context_options) -> tuple[Page, PageProblems]:
    """A page in a fresh context at 360x740, recording console errors and CSP violations."""
    context = browser.new_context(viewport=PHONE, **context_options)
    # Generous: CI machines have two cores shared by the live server, the browser and the tests.
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(30_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    problems = PageProblems()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    return page, problems


@pytest.fixture
def page_and_problems(browser: Browser) -> Iterator[tuple[Page, PageProblems]]:
    page, problems = new_phone_page(browser)
    yield page, problems
    page.context.close()


@pytest.fixture
def page(page_and_problems) -> Page:
    """A fresh browser context per test, with a phone-sized viewport (360x740)."""
    return page_and_problems[0]


@pytest.fixture
def page_problems(page_and_problems) -> PageProblems:
    """Console errors, uncaught errors and CSP violations seen by `page` so far."""
    return page_and_problems[1]


_axe = Axe()


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of violations."""
    results = _axe.run(page)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    pytest.fail("\n".join(lines), pytrace=False)


def check_page(page: Page, problems: PageProblems) -> None:
    """What every page must do: accessible, no sideways scroll, no errors or CSP violations."""
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width}px wide on a {viewport}px screen"
    assert not problems, f"On {page.url}:\n{problems.report()}"


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the form, as a person would, with the factories' password."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("^Email address")).fill(email)
    page.get_by_label(re.compile("^Password")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_in_as(page: Page, live_server, user) -> None:
    """Sign the browser in as `user` with a session made on the server side."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
