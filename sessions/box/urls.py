"""The anonymous question box of a session, mounted at ``/q/<code>/`` (namespace ``box``)."""

from django.urls import path

from sessions.box import views

urlpatterns = [
    path("", views.box_page_view, name="page"),
    path("ask/", views.box_ask_view, name="ask"),
    path("qr.svg", views.box_qr_view, name="qr"),
]
