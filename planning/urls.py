from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.jam_list_view, name="jam_list"),
    path("new/", views.jam_create_view, name="jam_create"),
    path("<slug:slug>/", views.jam_detail_view, name="jam_detail"),
    path("<slug:slug>/edit/", views.jam_edit_view, name="jam_edit"),
    path("<slug:slug>/delete/", views.jam_delete_view, name="jam_delete"),
]
