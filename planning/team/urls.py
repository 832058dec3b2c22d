"""Team pages: under /jams/<slug>/team/ (jam_urlpatterns) and /team/join/ (join_urlpatterns)."""

from django.urls import path

from planning.team import views as team_views

# Mounted at /jams/<slug>/team/ in the "planning" namespace.
jam_urlpatterns: list = [
    path("", team_views.team_view, name="team"),
    path("invite/", team_views.team_invite_view, name="team_invite"),
    path("leave/", team_views.team_leave_view, name="team_leave"),
    path("permissions/", team_views.team_permissions_view, name="team_permissions"),
    path("members/<int:pk>/role/", team_views.team_member_role_view, name="team_member_role"),
    path("members/<int:pk>/remove/", team_views.team_member_remove_view, name="team_member_remove"),
    path(
        "invitations/<int:pk>/resend/",
        team_views.team_invitation_resend_view,
        name="team_invitation_resend",
    ),
    path(
        "invitations/<int:pk>/withdraw/",
        team_views.team_invitation_revoke_view,
        name="team_invitation_revoke",
    ),
]

# Mounted at /team/join/ in the "team" namespace.
join_urlpatterns: list = [
    path("<str:token>/", team_views.team_join_view, name="join"),
]
