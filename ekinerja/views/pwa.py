"""The installable web app: its manifest, its service worker and the page shown offline.
Public: a browser fetches them without a session (the worker updates itself in the
background), and they hold nothing personal."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the worker keeps for offline use from its first start: the look and the scripts of
# every page (the day page itself is kept when the person opens it).
PRACACHE_STATIS = [
    "vendor/bootstrap/bootstrap.min.css", "css/app.css", "vendor/htmx/htmx.min.js",
    "js/app.js", "js/antrean.js", "js/luring.js", "vendor/bootstrap/bootstrap.bundle.min.js",
    "img/ikon-192.png",
]


@login_not_required
@require_GET
def sw_view(request):
    """The service worker, at the site's root so that it may control every page (a worker
    under /static/ would control only /static/). Its text names the static files by their
    hashed names, so a new release is a new worker and a new cache."""
    statis = [static(name) for name in PRACACHE_STATIS]
    halaman_luring = reverse("luring")
    versi = hashlib.sha256(json.dumps([*statis, halaman_luring]).encode()).hexdigest()[:12]
    response = render(request, "pwa/sw.js", {
        "versi": versi, "pracache": json.dumps([*statis, halaman_luring]),
        "antrean_js": static("js/antrean.js"), "static_url": settings.STATIC_URL,
        "halaman_luring": halaman_luring},
        content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on each visit; never from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def manifest_view(request):
    icon = {"type": "image/png", "purpose": "any"}
    data = {
        "name": _("e-kinerja Provinsi Jambi"),
        "short_name": _("e-kinerja"),
        "description": _("Daily reports and performance of ASN of Provinsi Jambi"),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("aktivitas"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [{**icon, "src": static("img/ikon-192.png"), "sizes": "192x192"},
                  {**icon, "src": static("img/ikon-512.png"), "sizes": "512x512"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


@login_not_required
@require_GET
def luring_view(request):
    """What the worker shows for a page it has not kept, while there is no connection."""
    return render(request, "pwa/luring.html")
