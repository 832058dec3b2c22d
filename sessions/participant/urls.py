"""A guest's own page and what they do there: ``/i/<token>/…`` (namespace ``guest``).

Included by the project's urls as ``path("i/", include(("sessions.participant.urls", "guest")))``.
"""

from django.urls import path

from sessions.participant import download_views, views

urlpatterns = [
    path("<str:token>/", views.page_view, name="page"),
    path("<str:token>/sessions/<session:key>/rsvp/", views.rsvp_view, name="rsvp"),
    path(
        "<str:token>/sessions/<session:key>/invite.ics",
        download_views.session_ics_view,
        name="session_ics",
    ),
    path(
        "<str:token>/sessions/<session:key>/agenda.pdf",
        download_views.agenda_pdf_view,
        name="agenda_pdf",
    ),
    path("<str:token>/sessions/<session:key>/feedback/", views.feedback_view, name="feedback"),
    path("<str:token>/needs/", views.needs_view, name="needs"),
    path("<str:token>/profile/", views.profile_view, name="profile"),
    path("<str:token>/profile/withdraw/", views.profile_withdraw_view, name="profile_withdraw"),
    path("<str:token>/timezone/", views.timezone_view, name="timezone"),
    path("<str:token>/my-data.json", download_views.my_data_view, name="my_data"),
    path("<str:token>/erase/", views.erase_view, name="erase"),
]
