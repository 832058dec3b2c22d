"""The guest list of a Jam, under /jams/<slug>/guests/, in the "planning" namespace.

What is sent from it has its addresses beside these, in ``sessions.messages.urls``.
"""

from django.urls import path

from planning.guests import views

urlpatterns = [
    path("", views.guest_list_view, name="guests"),
    path("add/", views.guest_add_view, name="guest_add"),
    path("import/", views.guest_import_view, name="guest_import"),
    path("<int:pk>/erase/", views.guest_erase_view, name="guest_erase"),
]
