"""Error pages. When the database cannot be reached (restarting, failing over), the answer
is a 503 that says so and asks to retry, not a generic 500 or 400: a write is one
transaction, so it either happened or not, and the page asks the person to check and
retry. The session's save failing on a lost database surfaces as Django's
SessionInterrupted (a 400); it is the same outage and gets the same answer. None of these
pages touches the database."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)


def _database_down(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _unavailable(request, exc):
    logger.warning("database unavailable: %s %s: %s", request.method, request.path, exc)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "10"
    return response


def server_error(request):
    down = _database_down(sys.exc_info()[1])
    if down is not None:
        return _unavailable(request, down)
    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception):
    down = _database_down(exception)
    if down is not None:
        return _unavailable(request, down)
    return defaults.bad_request(request, exception)
