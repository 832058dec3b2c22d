"""Sending guests emails from the guest list, under /jams/<slug>/guests/, namespace "messages"."""

from django.urls import path

from sessions.messages import views

app_name = "messages"

urlpatterns = [
    path("invite/", views.invitations_send_view, name="invitations_send"),
    path("message/", views.announcement_view, name="announcement"),
    path("<int:pk>/resend/", views.invitation_resend_view, name="invitation_resend"),
    path("<int:pk>/new-link/", views.guest_new_link_view, name="guest_new_link"),
    path("emails/<int:pk>/retry/", views.message_retry_view, name="message_retry"),
]
