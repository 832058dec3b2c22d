"""The host's report: /jams/<slug>/report/ (namespace ``report``)."""

from django.urls import path

from reporting.reports import views as report_views

urlpatterns = [
    path("", report_views.report_edit_view, name="edit"),
    path("report.pdf", report_views.report_pdf_view, name="pdf"),
]
