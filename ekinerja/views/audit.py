from django.core.paginator import Paginator
from django.shortcuts import render

from ..access import admin_required, admin_scope
from ..forms import AuditFilterForm
from ..selectors import audit_list


@admin_required
def audit_list_view(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = audit_list(scope=admin_scope(request.user), **{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "ekinerja/audit_list.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)
