"""Every form, posted by everyone who may post it, with hostile values: never a 500, what was
typed comes back, nothing saved is lost.

The forms are found, not listed: the pages of a Jam (read by its host, a teammate, a guest
by their link, a reviewer, a visitor) are read once, and each POST form on them
(``tests.html_forms``) is fuzzed with the fields it shows, so a new field or form is fuzzed
without touching this test. Which addresses take a POST, and who may post there, come from
the permission matrix (``tests.test_permission_matrix``): ``TEAM``, ``REVIEW``, and for
the public, account, guest and box addresses ``POSTED_WITHOUT_A_ROLE`` (the others there
are ``ONLY_SHOWN``), in ``tests.fuzz_forms`` with the rest of the machinery.

Each address is one test. Every actor who may post there posts the form as the page shows
it (the plain post), then each hostile value in each field in turn (``VALUES_FOR`` its
kind), the other fields keeping what the page showed. The first actor at an address does
every field (one of each name that differs by a number only: "note-1", "note-2"); each
other actor does one field of each kind the first time they meet that kind in the run
(it is the same code), and the plain post everywhere. A form with htmx is posted with it
and without it (a browser without JavaScript), turn about. Each post runs in a savepoint
rolled back afterwards, and the rows of the apps' tables are read before and after it:

- never a 5xx;
- a post refused (nothing changed) that answers with its form in error (a field marked
  ``aria-invalid``, or the page's error summary or message): every field holds what was
  typed there, line breaks and runs of spaces aside (a single-line field may join
  the lines, ``jamsessions.text``); a lone surrogate comes back as the replacement
  characters Django decodes it to; a NUL byte comes back as sent (Django's fields refuse
  it with a message, and nothing is saved);
- a post that changed something removed only rows the plain post removes and changed only
  what the plain post changes, the field's own column (holding what was typed), or what
  an ordinary new value in the field changes too (a calendar's sequence, a search index:
  posted to learn it, where needed); where that ordinary value is written, what was typed
  is (or nothing, where the form leaves the field aside: a custom role's name for another
  role);
- no page shows the markup typed unescaped.

The counts by status, and of what each hostile post let the test check, are printed at
the end (``test_counts_by_status``), with the time it took.
"""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from django.template.base import Template

from tests.fuzz_forms import (
    FORM_NAMES,
    NO_FORM_OF_THEIR_OWN,
    ONLY_SHOWN,
    OUTCOMES,
    POSTED_WITHOUT_A_ROLE,
    POSTS,
    SETUP,
    STATUSES,
    TIMES,
    Fuzz,
    Fuzzing,
    forms_to_fuzz,
)
from tests.test_permission_matrix import NOT_BY_ROLE


def _render_unrecorded(template, context):
    """``Template._render`` as Django has it outside tests (the fuzz reads the HTML only)."""
    return template.nodelist.render(context)


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker):
    """One world for the module, in a transaction rolled back at its end.

    Under test, Django records each template a page renders and a copy of its context (for
    ``response.context``): that is half the time of a post here, so it is left out.
    """
    started = time.perf_counter()
    recorded = Template._render
    Template._render = _render_unrecorded
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            made = Fuzz()
            SETUP["s"] = time.perf_counter() - started
            yield made
            transaction.set_rollback(True)
    finally:
        Template._render = recorded


def test_every_address_without_a_role_is_posted_to_or_only_shows():
    assert set(POSTED_WITHOUT_A_ROLE) | ONLY_SHOWN == set(NOT_BY_ROLE)
    assert set(POSTED_WITHOUT_A_ROLE) & ONLY_SHOWN == set()


def test_every_form_found_is_fuzzed(fuzz):
    assert set(fuzz.forms) & set(NO_FORM_OF_THEIR_OWN) == set(), "it has a form now"
    assert set(fuzz.forms) - set(FORM_NAMES) == set(), "a form posting where no test posts"


@pytest.mark.parametrize("name", FORM_NAMES)
def test_hostile_values_in_every_field(name, fuzz, db):
    started = time.perf_counter()
    forms = forms_to_fuzz(fuzz, name)
    assert forms, (
        f"no page shows a form posting to {name}: give the world what shows it "
        "(tests.fuzz_forms._world_plus), or say how to reach it (RUN_STEPS) or whose "
        "fields it takes (NO_FORM_OF_THEIR_OWN)"
    )
    fuzzing = Fuzzing(fuzz, name)
    for form in forms:
        fuzzing.run(form)
    TIMES[name] = time.perf_counter() - started
    POSTS[name] = fuzzing.posts
    assert fuzzing.problems == [], f"{forms[0].action}:\n" + "\n".join(fuzzing.problems)


def test_counts_by_status(capsys):
    with capsys.disabled():
        print(
            f"\nFuzzed {len(POSTS)} addresses with {POSTS.total()} posts in "
            f"{sum(TIMES.values()):.1f} s (the world and its pages: {SETUP.get('s', 0):.1f} s)."
        )
        print("Posts by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(STATUSES.items())))
        print("Hostile posts: " + "; ".join(f"{what}: {n}" for what, n in OUTCOMES.most_common()))
        slowest = sorted(TIMES, key=TIMES.get, reverse=True)[:5]
        print("Slowest: " + ", ".join(f"{n} {TIMES[n]:.1f} s ({POSTS[n]})" for n in slowest))
    assert not [status for status in STATUSES if status >= 500]
