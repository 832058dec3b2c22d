"""Calendar files.

``session_urlpatterns`` is mounted at /jams/<slug>/sessions/<key>/ in the "sessions"
namespace (``sessions:invite_ics``); ``urlpatterns`` at /calendar/ in the
"calendar" namespace (``calendar:feed``).
"""

from django.urls import path

from sessions.calendar import views

session_urlpatterns = [
    path("invite.ics", views.session_invite_ics_view, name="invite_ics"),
]

urlpatterns = [
    path("<str:token>.ics", views.jam_feed_view, name="feed"),
]
