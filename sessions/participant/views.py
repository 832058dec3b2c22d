"""The guest's page at ``/i/<token>/`` and what they change on it: their answer for each
session, their needs, profile and time zone, closing feedback, erasing their details.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planning.guests.selectors import session_over_text
from planning.guests.services import (
    guest_erase,
    guest_needs_update,
    guest_profile_update,
    guest_profile_withdraw,
    guest_timezone_set,
    rsvp_set,
)
from planning.guests.tokens import guest_link_token
from planning.models import Guest
from sessions.feedback.services import (
    FeedbackBox,
    feedback_already_text,
    feedback_box,
    feedback_box_submit,
    feedback_given_sessions,
    feedback_remember_given,
    feedback_thanks_text,
    feedback_window_open,
)
from sessions.participant.access import answers_removed_session, guest_link, page_url
from sessions.participant.forms import NeedsForm, ProfileForm, RsvpForm, TimezoneForm
from sessions.participant.page import (
    GuestSession,
    GuestSessionRemoved,
    ParticipantPage,
    guest_session_get,
    participant_page_get,
)
from sessions.schedule.removed import htmx_go_to

PAGE = "sessions/participant/page.html"


@dataclass(frozen=True)
class SessionRow:
    """A session on the page with the guest's answer form for it."""

    guest_session: GuestSession
    form: RsvpForm
    feedback: FeedbackBox | None = None
    """The closing feedback form, only while its window is open (or just sent with a problem)."""


def _feedback_box(guest: Guest, session, *, given: bool, data=None) -> FeedbackBox:
    url = reverse("guest:feedback", kwargs={"token": guest_link_token(guest), "key": session.key})
    return feedback_box(
        session,
        now=timezone.now(),
        url=url,
        dom_id=f"session-{session.key}-feedback",
        heading_level=4,
        data=data,
        given=given,
    )


def _session_feedback(
    guest: Guest, session, bound: FeedbackBox | None, given: frozenset[int]
) -> FeedbackBox | None:
    if bound is not None and bound.session.pk == session.pk:
        return bound
    if session.is_cancelled or not feedback_window_open(session, timezone.now()):
        return None
    return _feedback_box(guest, session, given=session.pk in given)


def _session_rows(
    page: ParticipantPage,
    bound: RsvpForm | None,
    feedback: FeedbackBox | None = None,
    feedback_given: frozenset[int] = frozenset(),
) -> list[SessionRow]:
    """A row per session: the coming ones first, in time order, then the past ones."""
    rows = []
    for guest_session in [*page.coming, *page.past]:
        if bound is not None and bound.session.pk == guest_session.session.pk:
            form = bound
        else:
            form = RsvpForm(session=guest_session.session, initial={"answer": guest_session.answer})
        session_feedback = _session_feedback(
            page.guest, guest_session.session, feedback, feedback_given
        )
        rows.append(SessionRow(guest_session, form, session_feedback))
    return rows


def _needs_form(guest: Guest) -> NeedsForm:
    return NeedsForm(initial={"needs": guest.needs, "needs_anonymous": guest.needs_anonymous})


def _profile_form(guest: Guest) -> ProfileForm:
    return ProfileForm(
        initial={
            "pronouns": guest.pronouns,
            "gender": guest.gender,
            "age_range": guest.age_range,
            "movement": guest.movement,
        }
    )


def _page_context(
    guest: Guest,
    *,
    rsvp_form: RsvpForm | None = None,
    needs_form: NeedsForm | None = None,
    profile_form: ProfileForm | None = None,
    timezone_form: TimezoneForm | None = None,
    feedback: FeedbackBox | None = None,
    feedback_given: frozenset[int] = frozenset(),
    **extra,
) -> dict:
    page = participant_page_get(guest=guest)
    rows = _session_rows(page, rsvp_form, feedback, feedback_given)
    past_rows = [row for row in rows if row.guest_session.is_over]
    needs_form = needs_form or _needs_form(guest)
    profile_form = profile_form or _profile_form(guest)
    timezone_form = timezone_form or TimezoneForm(initial={"zone": guest.timezone})
    return {
        "page": page,
        "guest": guest,
        "jam": page.jam,
        "token": guest_link_token(guest),
        "rows": rows,
        "coming_rows": [row for row in rows if not row.guest_session.is_over],
        "past_rows": past_rows,
        # Past sessions the guest said yes to whose feedback is still open: asked for above
        # the folded past, linking into it (a link to an element inside opens its <details>).
        "feedback_asked": [
            row
            for row in past_rows
            if row.guest_session.said_yes and row.feedback and row.feedback.shows_form
        ],
        # Closing feedback just sent with a problem shows open, even among the past sessions.
        "past_open": feedback is not None and any(row.feedback is feedback for row in past_rows),
        "needs_form": needs_form,
        "profile_form": profile_form,
        "timezone_form": timezone_form,
        "forms": [
            *(row.form for row in rows),
            *(row.feedback.form for row in rows if row.feedback),
            needs_form,
            profile_form,
            timezone_form,
        ],
        **extra,
    }


def _render(request, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_page(request, guest: Guest, **kwargs) -> HttpResponse:
    kwargs.setdefault("feedback_given", feedback_given_sessions(request))
    return _render(request, PAGE, _page_context(guest, **kwargs))


def _render_part(request, guest: Guest, part: str, **kwargs) -> HttpResponse:
    """One part of the page for htmx: ``needs`` or ``profile``, named after its DOM id."""
    return _render(request, f"{PAGE}#{part}", _page_context(guest, **kwargs))


def _render_answer(request, guest: Guest, key: str, **kwargs) -> HttpResponse:
    """The session's answer part for htmx, and “where” swapped out of band (it shows after yes)."""
    context = _page_context(guest, oob_where=True, **kwargs)
    row = next((row for row in context["rows"] if row.guest_session.key == key), None)
    if row is None:  # removed a moment ago
        raise GuestSessionRemoved
    context["row"] = row
    return _render(request, f"{PAGE}#session-rsvp", context)


def _done(request, guest: Guest, anchor: str, message: str) -> HttpResponse:
    """After a change without htmx: back to the page, at the part just saved."""
    messages.success(request, message)
    return redirect(page_url(guest, anchor))


def _part_saved(request, guest: Guest, part: str, confirmation: str) -> HttpResponse:
    """The part (``needs`` or ``profile``) with its confirmation, or back to the page without htmx."""
    if request.htmx:
        return _render_part(request, guest, part, **{f"{part}_confirmation": confirmation})
    return _done(request, guest, part, confirmation)


def _part_refused(request, guest: Guest, part: str, form) -> HttpResponse:
    """The part, or the whole page without htmx, with the form's errors and what was typed."""
    if request.htmx:
        return _render_part(request, guest, part, **{f"{part}_form": form})
    return _render_page(request, guest, **{f"{part}_form": form})


@require_safe
@guest_link
def page_view(request, guest):
    return _render_page(request, guest)


@require_POST
@guest_link
@answers_removed_session
def rsvp_view(request, guest, key):
    """The answer for the session the form showed, named by its key, whatever was added,
    moved or removed since; the form's ``seen`` is the number it was shown with."""
    session = guest_session_get(guest=guest, key=key)
    if session.is_over:
        # A form from a page made before the session ended: nothing is stored, and the
        # page as it is now shows the session among the past ones, with the answer kept
        # (at their summary: a link into the folded part would land on nothing visible).
        messages.warning(request, session_over_text(session))
        url = page_url(guest, "past-sessions")
        return htmx_go_to(request, url) if request.htmx else redirect(url)
    form = RsvpForm(request.POST, session=session)
    if form.is_valid():
        try:
            rsvp_set(guest=guest, session=session, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            form.add_error("answer", error)
        else:
            confirmation = _("Thank you, your answer for %(session)s is saved.") % {
                "session": session.label
            }
            if request.htmx and request.POST.get("seen") == str(session.number):
                return _render_answer(request, guest, key, confirmation=confirmation)
            if request.htmx:
                # Renumbered since the page was made: the whole page again, as it is now.
                messages.success(request, confirmation)
                return htmx_go_to(request, page_url(guest, f"session-{key}"))
            return _done(request, guest, f"session-{key}", confirmation)
    if request.htmx:
        return _render_answer(request, guest, key, rsvp_form=form)
    return _render_page(request, guest, rsvp_form=form)


@require_POST
@guest_link
def needs_view(request, guest):
    form = NeedsForm(request.POST)
    if form.is_valid():
        try:
            guest_needs_update(
                guest=guest,
                needs=form.cleaned_data["needs"],
                anonymous=form.cleaned_data["needs_anonymous"],
            )
        except ValidationError as error:
            form.add_error("needs", error)
        else:
            confirmation = _("Thank you, what you need is saved. The organisers will see it.")
            return _part_saved(request, guest, "needs", confirmation)
    return _part_refused(request, guest, "needs", form)


@require_POST
@guest_link
def profile_view(request, guest):
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            guest_profile_update(
                guest=guest,
                consent=data["consent"],
                pronouns=data["pronouns"],
                gender=data["gender"],
                age_range=data["age_range"],
                movement=data["movement"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            confirmation = _("Thank you, your details are saved. You can withdraw them any time.")
            return _part_saved(request, guest, "profile", confirmation)
    return _part_refused(request, guest, "profile", form)


@require_POST
@guest_link
def profile_withdraw_view(request, guest):
    guest_profile_withdraw(guest=guest)
    confirmation = _("Your details are withdrawn: we no longer keep them.")
    return _part_saved(request, guest, "profile", confirmation)


@require_POST
@guest_link
def timezone_view(request, guest):
    form = TimezoneForm(request.POST)
    if form.is_valid():
        try:
            guest_timezone_set(guest=guest, zone=form.cleaned_data["zone"])
        except ValidationError as error:
            form.add_error("zone", error)
        else:
            if guest.timezone:
                message = _("Times are now also shown on the clock of %(zone)s.") % {
                    "zone": guest.timezone
                }
            else:
                message = _("Times are shown on the session’s clock only.")
            return _done(request, guest, "sessions", message)
    return _render_page(request, guest, timezone_form=form)


@require_POST
@guest_link
@answers_removed_session
def feedback_view(request, guest, key):
    """Anonymous closing feedback from the guest's page: nothing of the guest is kept with it."""
    session = guest_session_get(guest=guest, key=key)
    now = timezone.now()
    given = session.pk in feedback_given_sessions(request)
    box = feedback_box_submit(
        _feedback_box(guest, session, given=given, data=request.POST), now=now
    )
    anchor = f"session-{key}-feedback"
    if request.htmx:
        response = _render(request, "sessions/feedback/_box.html", {"feedback": box})
    elif box.thanks:
        response = _done(request, guest, anchor, feedback_thanks_text())
    elif box.given:
        messages.info(request, feedback_already_text())
        response = redirect(page_url(guest, anchor))
    else:
        response = _render_page(request, guest, feedback=box)
    if box.thanks:
        feedback_remember_given(response, session, now)
    return response


@require_http_methods(["GET", "POST"])
@guest_link
def erase_view(request, guest):
    if request.method == "POST":
        jam = guest.jam
        guest_erase(guest=guest)
        # The link no longer works: say so here rather than sending them to a dead page.
        return render(request, "sessions/participant/erased.html", {"jam": jam})
    context = {"guest": guest, "jam": guest.jam, "token": guest_link_token(guest)}
    return render(request, "sessions/participant/erase_confirm.html", context)
