"""Jam-wide pages of the sessions app: housekeeping rules, accessibility, shared vision.

Mounted at /jams/<slug>/ in the "space" namespace (the space a Jam holds).
"""

from django.urls import path

from sessions.space import views

urlpatterns = [
    path("housekeeping/", views.housekeeping_view, name="housekeeping"),
    path("housekeeping/add/", views.house_rule_create_view, name="house_rule_create"),
    path("housekeeping/<int:pk>/edit/", views.house_rule_edit_view, name="house_rule_edit"),
    path("housekeeping/<int:pk>/delete/", views.house_rule_delete_view, name="house_rule_delete"),
    path("housekeeping/<int:pk>/move/", views.house_rule_move_view, name="house_rule_move"),
    path("accessibility/", views.accessibility_view, name="accessibility"),
    path("vision/", views.vision_view, name="vision"),
]
