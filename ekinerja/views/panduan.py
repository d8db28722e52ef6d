"""The guide: an index by role, and a page per task."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..panduan import BY_SLUG, HALAMAN, PERAN


@require_GET
def indeks_view(request):
    groups = [(label, [h for h in HALAMAN if h.peran == key]) for key, label in PERAN.items()]
    return render(request, "panduan/indeks.html", {"groups": groups})


@require_GET
def halaman_view(request, slug):
    halaman = BY_SLUG.get(slug)
    if halaman is None:
        raise Http404
    return render(request, f"panduan/{slug}.html", {"halaman": halaman})
