"""Dialog kinerja: the list (mine, my team's, and who is due this quarter), a new dialogue,
and a dialogue's page with its agenda, notes, actions, sharing and acknowledgement. Only
the two in it (and the atasan's atasan when shared) see a dialogue; anyone else gets 404."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.views.forms import form_page, run_action

from .. import access, dialog, selectors
from ..forms import AksiDialogForm, AksiTutupForm, DialogCatatanForm, DialogForm
from ..models import AksiDialog, Dialog


@require_GET
def daftar_view(request):
    today = timezone.localdate()
    return render(request, "penilaian/dialog_list.html", {
        "rows": selectors.dialog_daftar(request.user, today.year), "tahun": today.year,
        "jatuh_tempo": selectors.dialog_jatuh_tempo(request.user, today),
        "triwulan": dialog.triwulan(today), "hari_ini": today})


@require_http_methods(["GET", "POST"])
def baru_view(request, pegawai_pk):
    pegawai = access.get_self_or_subordinate(request.user, pegawai_pk)
    form = DialogForm(request.POST or None, instance=Dialog(pegawai=pegawai),
                      initial={"tanggal": timezone.localdate()})
    return form_page(request, form, template="penilaian/dialog_form.html",
                     save=lambda f: dialog.dialog_create(dialog=f.instance, actor=request.user),
                     success=lambda d: f"/dialog/{d.pk}/",
                     message=lambda d: _("Dialogue saved."), pegawai=pegawai)


def _page(request, obj, **forms):
    side = dialog.pihak(request.user, obj)
    return {
        "d": obj, "pihak": side, "agenda": selectors.agenda_dialog(obj),
        "catatan_form": forms.get("catatan_form") or DialogCatatanForm(
            initial={"catatan": getattr(obj, f"catatan_{side}")} if side else None),
        "aksi_form": forms.get("aksi_form") or AksiDialogForm(dialog=obj),
        "tutup_form": AksiTutupForm(), "hari_ini": timezone.localdate()}


@require_GET
def detail_view(request, pk):
    obj = access.get_dialog_for(request.user, pk)
    return render(request, "penilaian/dialog_detail.html", _page(request, obj))


@require_POST
def catatan_view(request, pk):
    obj = access.get_dialog_for(request.user, pk)
    form = DialogCatatanForm(request.POST)
    return form_page(request, form, template="penilaian/dialog_detail.html",
                     save=lambda f: dialog.dialog_catatan_save(
                         dialog=obj, actor=request.user, catatan=f.cleaned_data["catatan"]),
                     success=lambda d: f"/dialog/{obj.pk}/",
                     message=lambda d: _("Notes saved."),
                     **_page(request, obj, catatan_form=form))


@require_POST
def aksi_view(request, pk):
    obj = access.get_dialog_for(request.user, pk)
    form = AksiDialogForm(request.POST, dialog=obj, instance=AksiDialog(dialog=obj))
    return form_page(request, form, template="penilaian/dialog_detail.html",
                     save=lambda f: dialog.aksi_create(aksi=f.instance, actor=request.user),
                     success=lambda a: f"/dialog/{obj.pk}/",
                     message=lambda a: _("Action agreed."),
                     **_page(request, obj, aksi_form=form))


@require_POST
def aksi_tutup_view(request, pk, aksi_pk):
    obj = access.get_dialog_for(request.user, pk)
    aksi = access.get_aksi_of(obj, aksi_pk)
    form = AksiTutupForm(request.POST)
    catatan = form.cleaned_data["catatan"] if form.is_valid() else ""
    run_action(request, lambda: dialog.aksi_tutup(aksi=aksi, dialog=obj, actor=request.user,
                                                  catatan=catatan), _("Action closed."))
    return redirect("dialog_detail", obj.pk)


@require_POST
def akui_view(request, pk):
    obj = access.get_dialog_for(request.user, pk)
    run_action(request, lambda: dialog.dialog_akui(dialog=obj, actor=request.user),
               _("Acknowledged."))
    return redirect("dialog_detail", obj.pk)


@require_POST
def bagikan_view(request, pk):
    obj = access.get_dialog_for(request.user, pk)
    bagikan = request.POST.get("bagikan") == "1"
    run_action(request, lambda: dialog.dialog_bagikan(dialog=obj, actor=request.user,
                                                      bagikan=bagikan),
               _("Shared with the supervisor's supervisor.") if bagikan
               else _("No longer shared."))
    return redirect("dialog_detail", obj.pk)
