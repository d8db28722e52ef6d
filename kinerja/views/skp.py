"""The employee's SKP and the supervisor's decisions on it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.dokumen import pdf_response
from ekinerja.forms import BerkasImporForm
from ekinerja.views.forms import form_page, run_action

from .. import selectors, services
from ..access import (
    get_iki_of_skp,
    get_rencana_aksi_of_skp,
    get_rhk_of_skp,
    get_skp_for_user,
    get_skp_impor_own,
    get_skp_own,
    get_skp_to_decide,
    is_approver,
    is_owner,
    matriks_unit,
    skp_approval_rows,
)
from ..berakhlak import BERAKHLAK
from ..forms import (
    CatatanForm,
    IkiForm,
    LampiranForm,
    PerilakuForm,
    RencanaAksiForm,
    RhkForm,
    SkpBaruForm,
    TargetPeriodeForm,
)
from ..models import Iki, RencanaAksi, Rhk, Skp
from ..selectors import matriks_peran_hasil, skp_list_for, tahun_aktif


@require_GET
def skp_list_view(request):
    mine = list(skp_list_for(request.user))
    taken = {s.tahun_id for s in mine if s.jabatan_id == request.user.jabatan_id}
    years = [t for t in tahun_aktif() if t.pk not in taken]
    return render(request, "kinerja/skp_list.html", {"skp_list": mine, "years": years})


@require_POST
def skp_create_view(request):
    form = SkpBaruForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year."))
        return redirect("skp_list")
    try:
        skp = services.skp_create(pegawai=request.user, tahun=form.cleaned_data["tahun"],
                                  actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("skp_list")
    return redirect("skp_detail", skp.pk)


@require_GET
def skp_detail_view(request, pk):
    skp = get_skp_for_user(request.user, pk)
    owner, approver = is_owner(request.user, skp), is_approver(request.user, skp)
    context = {"skp": skp, "owner": owner, "approver": approver,
               "editing": owner and skp.editable,
               "berakhlak": BERAKHLAK, "periode": list(skp.tahun.periode.all()),
               "kontrak": selectors.kontrak_skp(skp)}
    if owner and skp.editable:
        context.update(rhk_form=RhkForm(skp=skp), lampiran_form=LampiranForm(instance=skp),
                       problems=services.skp_problems(skp))
    if approver and skp.status == Skp.Status.DIAJUKAN:
        context.update(catatan_form=CatatanForm(), perilaku_form=PerilakuForm(skp=skp))
    return render(request, "kinerja/skp_detail.html", context)


@require_GET
def skp_pdf_view(request, pk):
    """The SKP as an official PDF with its verification QR code."""
    from ekinerja.middleware import alamat_situs

    from ..dokumen import skp_pdf

    skp = get_skp_for_user(request.user, pk)
    dokumen, pdf = skp_pdf(skp=skp, actor=request.user, situs=alamat_situs(request))
    return pdf_response(pdf, f"SKP-{skp.tahun.tahun}-{skp.pegawai.nip}.pdf")


def _part_page(request, skp, form, save, title):
    """An editing page for one part of the SKP; back to the SKP when saved."""
    return form_page(request, form, save=save, template="kinerja/skp_part_form.html",
                     success=lambda _obj: reverse("skp_detail", args=[skp.pk]),
                     skp=skp, title=title)


def rhk_edit_view(request, pk, rhk_pk=None):
    skp = get_skp_own(request.user, pk)
    rhk = get_rhk_of_skp(skp, rhk_pk) if rhk_pk else Rhk(skp=skp)
    form = RhkForm(request.POST or None, instance=rhk, skp=skp)
    return _part_page(request, skp, form, lambda f: services.rhk_save(rhk=f.instance,
                                                                     actor=request.user),
                      _("Planned result (RHK)"))


@require_POST
def rhk_delete_view(request, pk, rhk_pk):
    skp = get_skp_own(request.user, pk)
    rhk = get_rhk_of_skp(skp, rhk_pk)
    run_action(request, lambda: services.rhk_delete(rhk=rhk, actor=request.user), _("RHK deleted."))
    return redirect("skp_detail", skp.pk)


def iki_edit_view(request, pk, rhk_pk=None, iki_pk=None):
    skp = get_skp_own(request.user, pk)
    if iki_pk:
        iki = get_iki_of_skp(skp, iki_pk)
    else:
        iki = Iki(rhk=get_rhk_of_skp(skp, rhk_pk))
    form = IkiForm(request.POST or None, instance=iki)
    return _part_page(request, skp, form, lambda f: services.iki_save(iki=f.instance,
                                                                     actor=request.user),
                      _("Indicator (IKI)"))


@require_POST
def iki_delete_view(request, pk, iki_pk):
    skp = get_skp_own(request.user, pk)
    iki = get_iki_of_skp(skp, iki_pk)
    run_action(request, lambda: services.iki_delete(iki=iki, actor=request.user), _("IKI deleted."))
    return redirect("skp_detail", skp.pk)


def rencana_aksi_edit_view(request, pk, rhk_pk=None, ra_pk=None):
    """The owner plans a quarter of an RHK (BKN's rencana aksi), at any status of the SKP."""
    skp = get_skp_own(request.user, pk)
    if ra_pk:
        rencana = get_rencana_aksi_of_skp(skp, ra_pk)
    else:
        rencana = RencanaAksi(rhk=get_rhk_of_skp(skp, rhk_pk))
    form = RencanaAksiForm(request.POST or None, instance=rencana, rhk=rencana.rhk)
    return _part_page(request, skp, form,
                      lambda f: services.rencana_aksi_save(rencana=f.instance,
                                                           actor=request.user),
                      _("Action plan of %(rhk)s") % {"rhk": rencana.rhk.uraian})


@require_POST
def rencana_aksi_delete_view(request, pk, ra_pk):
    skp = get_skp_own(request.user, pk)
    rencana = get_rencana_aksi_of_skp(skp, ra_pk)
    run_action(request, lambda: services.rencana_aksi_delete(rencana=rencana,
                                                             actor=request.user),
               _("Action plan deleted."))
    return redirect("skp_detail", skp.pk)


def targets_edit_view(request, pk, iki_pk):
    skp = get_skp_own(request.user, pk)
    iki = get_iki_of_skp(skp, iki_pk)
    form = TargetPeriodeForm(request.POST or None, iki=iki)
    return _part_page(request, skp, form,
                      lambda f: services.targets_save(iki=iki, values=f.values(),
                                                      actor=request.user),
                      _("Period targets of %(iki)s") % {"iki": iki})


def lampiran_edit_view(request, pk):
    skp = get_skp_own(request.user, pk)
    form = LampiranForm(request.POST or None, instance=skp)
    return _part_page(request, skp, form,
                      lambda f: services.skp_lampiran_save(skp=f.instance, actor=request.user),
                      _("Approach and attachment"))


@require_POST
def skp_submit_view(request, pk):
    skp = get_skp_own(request.user, pk)
    run_action(request, lambda: services.skp_submit(skp=skp, actor=request.user),
         _("SKP submitted to your supervisor."))
    return redirect("skp_detail", skp.pk)


@require_POST
def skp_revise_view(request, pk):
    skp = get_skp_own(request.user, pk)
    run_action(request, lambda: services.skp_revise(skp=skp, actor=request.user),
         _("Revision started. Submit it again when it is ready."))
    return redirect("skp_detail", skp.pk)


@require_POST
def skp_approve_view(request, pk):
    skp = get_skp_to_decide(request.user, pk)
    run_action(request, lambda: services.skp_approve(skp=skp, actor=request.user),
         _("SKP approved."))
    return redirect("skp_detail", skp.pk)


@require_POST
def skp_return_view(request, pk):
    skp = get_skp_to_decide(request.user, pk)
    form = CatatanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what must be fixed."))
    else:
        run_action(request, lambda: services.skp_return(skp=skp, actor=request.user,
                                                  catatan=form.cleaned_data["catatan"]),
             _("SKP returned to the employee."))
    return redirect("skp_detail", skp.pk)


@require_POST
def perilaku_edit_view(request, pk):
    skp = get_skp_to_decide(request.user, pk)
    form = PerilakuForm(request.POST, skp=skp)
    if form.is_valid():
        run_action(request, lambda: services.perilaku_save(skp=skp, ekspektasi=form.values(),
                                                     actor=request.user),
             _("Expectations saved."))
    else:
        messages.error(request, _("An expectation is too long (at most 2000 characters)."))
    return redirect("skp_detail", skp.pk)


@require_GET
def skp_print_view(request, pk):
    skp = get_skp_for_user(request.user, pk)
    return render(request, "kinerja/skp_print.html", {"skp": skp, "berakhlak": BERAKHLAK})


@require_GET
def skp_approval_list_view(request):
    rows = skp_approval_rows(request.user)
    return render(request, "kinerja/skp_approval.html", {"rows": rows})


@require_GET
def matriks_view(request):
    """Heads see their own unit; admins pick a unit of their scope (default: the scope
    itself for an Admin OPD, the first OPD for the Admin BKD)."""
    unit, opds = matriks_unit(request.user, request.GET.get("unit"))
    years = list(tahun_aktif())
    tahun = next((t for t in years if str(t.tahun) == request.GET.get("tahun")),
                 years[0] if years else None)
    data = matriks_peran_hasil(unit=unit, tahun=tahun) if tahun else {"rows": [],
                                                                       "tanpa_skp": []}
    return render(request, "kinerja/matriks.html", {"unit": unit, "tahun": tahun, "opds": opds,
                                                    "years": years, **data})


@require_http_methods(["GET", "POST"])
def skp_impor_view(request, pk):
    """The owner brings the SKP they typed into BKN's e-Kinerja (its form's columns) into
    this draft: the dry run comes next."""
    skp = get_skp_own(request.user, pk)
    form = BerkasImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        impor = services.skp_impor_upload(skp=skp, nama_file=berkas.name,
                                          content=berkas.read(), actor=request.user)
        return redirect("skp_impor_detail", skp.pk, impor.pk)
    return render(request, "kinerja/skp_impor.html", {"skp": skp, "form": form},
                  status=400 if form.errors else 200)


def skp_impor_detail_view(request, pk, impor_pk):
    skp = get_skp_own(request.user, pk)
    impor = get_skp_impor_own(request.user, skp, impor_pk)
    return render(request, "kinerja/impor_detail.html", {
        "impor": impor, "r": impor.ringkasan, "judul": _("Import my SKP from BKN"),
        "apply_url": reverse("skp_impor_apply", args=[skp.pk, impor.pk]),
        "again_url": reverse("skp_impor", args=[skp.pk]),
        "back_url": reverse("skp_detail", args=[skp.pk]), "back_label": _("My SKP")})


@require_POST
def skp_impor_apply_view(request, pk, impor_pk):
    skp = get_skp_own(request.user, pk)
    impor = get_skp_impor_own(request.user, skp, impor_pk)
    run_action(request, lambda: services.skp_impor_apply(impor=impor, skp=skp,
                                                         actor=request.user),
               lambda done: _("Imported: %(new)s new, %(upd)s updated. Check the weights, "
                              "then submit the SKP.") % {"new": done.ringkasan["baru"],
                                                          "upd": done.ringkasan["diubah"]})
    return redirect("skp_impor_detail", skp.pk, impor.pk)
