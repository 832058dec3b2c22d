import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from jamsessions.content import PLANNING_PRINCIPLES


@require_safe
def home(request):
    return render(request, "home.html", {"principles": PLANNING_PRINCIPLES})


@never_cache
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


# Seconds a browser (or a proxy) is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """An error no view caught: while the database cannot be reached, a kind 503 that says
    to come back shortly (the next request reconnects by itself); any other, the 500 page.

    Rendered without the request's context: nothing here may touch the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponseServerError(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
