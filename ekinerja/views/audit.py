"""The audit log: Admin BKD and Admin OPD search it, everyone sees the history of their own
records, and Admin BKD checks the chain of seals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import admin_required, admin_scope, bkd_required
from ..antrean import antre_setelah_commit
from ..audit import audit_record
from ..forms import AuditFilterForm
from ..models import RantaiAudit
from ..riwayat import riwayat_baris
from ..selectors import audit_list, audit_tentang, pemeriksaan_audit_list, rantai_audit_kepala


@admin_required
def audit_list_view(request):
    scope = admin_scope(request.user)
    form = AuditFilterForm(request.GET or None, scope=scope)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = audit_list(scope=scope, **{k: v for k, v in filters.items() if v})
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "ekinerja/audit_list.html", {"form": form, "page": page},
                  status=400 if form.errors else 200)


@require_GET
def riwayat_view(request):
    """The history of the user's own records: SKP, activities, evaluations, training."""
    page = Paginator(audit_tentang(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "ekinerja/riwayat.html", {
        "page": page, "baris": riwayat_baris(page, viewer=request.user)})


@bkd_required
@require_http_methods(["GET", "POST"])
def audit_rantai_view(request):
    """Admin BKD: the head of the chain, the latest checks, and a check on request (run by
    a worker: the whole log is read)."""
    if request.method == "POST":
        with transaction.atomic():
            head = rantai_audit_kepala() or RantaiAudit()
            audit_record(actor=request.user, action="audit.periksa_diminta", target=head)
            antre_setelah_commit("ekinerja.tasks.audit_periksa", request.user.pk)
        messages.success(request, _("The check has started; reload this page in a moment."))
        return redirect("audit_rantai")
    return render(request, "ekinerja/audit_rantai.html", {
        "head": rantai_audit_kepala(), "checks": pemeriksaan_audit_list(20)})

