from django.urls import include, path

from . import pdf_urls, views

app_name = "sessions"

urlpatterns = [
    path("new/", views.session_create_view, name="session_create"),
    path("<int:number>/", views.session_detail_view, name="session_detail"),
    path("<int:number>/edit/", views.session_edit_view, name="session_edit"),
    path("<int:number>/delete/", views.session_delete_view, name="session_delete"),
    path("<int:number>/", include(pdf_urls.urlpatterns)),
]
