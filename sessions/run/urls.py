"""The run-of-show of a session, mounted at ``/jams/<slug>/sessions/<key>/run/``.

Inside the ``sessions`` namespace: ``sessions:run`` for the page, ``sessions:run_*`` for
the rest (``run_state``, the run-of-show buttons, ``run_questions``, ``run_question``).
"""

from django.urls import path

from sessions.run import views
from sessions.run.services import RUN_ACTIONS

urlpatterns = [
    path("", views.run_page_view, name="run"),
    path("state/", views.run_state_view, name="run_state"),
    *(
        path(f"{action}/", views.run_action_view, {"action": action}, name=f"run_{action}")
        for action in RUN_ACTIONS
    ),
    path("questions/", views.run_questions_view, name="run_questions"),
    path("questions/<int:pk>/", views.run_question_view, name="run_question"),
]
