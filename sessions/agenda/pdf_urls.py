"""The agenda PDFs, mounted at /jams/<slug>/sessions/<key>/ inside the "sessions" namespace."""

from django.urls import path

from sessions.agenda import pdf_views as views

urlpatterns = [
    path("agenda.pdf", views.agenda_pdf_view, name="agenda_pdf"),
    path(
        "agenda-facilitator.pdf",
        views.agenda_pdf_facilitator_view,
        name="agenda_pdf_facilitator",
    ),
]
