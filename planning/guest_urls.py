"""The guest list of a Jam, under /jams/<slug>/guests/, in the "planning" namespace."""

from django.urls import path

from . import guest_views as views

urlpatterns = [
    path("", views.guest_list_view, name="guests"),
    path("add/", views.guest_add_view, name="guest_add"),
    path("import/", views.guest_import_view, name="guest_import"),
    path("invite/", views.guest_invitations_send_view, name="guest_invitations_send"),
    path("message/", views.guest_announcement_view, name="guest_announcement"),
    path("<int:pk>/resend/", views.guest_resend_view, name="guest_resend"),
    path("<int:pk>/new-link/", views.guest_new_link_view, name="guest_new_link"),
    path("<int:pk>/erase/", views.guest_erase_view, name="guest_erase"),
    path("emails/<int:pk>/retry/", views.guest_message_retry_view, name="guest_message_retry"),
]
