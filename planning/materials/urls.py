"""Materials and tools pages, under /jams/<slug>/materials/."""

from django.urls import path

from planning.materials import views

urlpatterns = [
    path("", views.materials_view, name="materials"),
    path("add/", views.material_create_view, name="material_create"),
    path("suggestions/", views.material_suggestions_add_view, name="material_suggestions_add"),
    path("<int:pk>/ready/", views.material_ready_view, name="material_ready"),
    path("<int:pk>/edit/", views.material_edit_view, name="material_edit"),
    path("<int:pk>/delete/", views.material_delete_view, name="material_delete"),
]
