"""Closing feedback's addresses: the public form and the team's page."""

from django.urls import path

from sessions.feedback import views

# /q/<code>/feedback/ (namespace "feedback")
box_urlpatterns = [
    path("", views.feedback_give_view, name="give"),
]
# /jams/<slug>/sessions/<key>/feedback/ (namespace "sessions")
session_urlpatterns = [
    path("", views.feedback_list_view, name="feedback"),
]
