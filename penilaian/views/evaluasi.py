"""Evaluations: the atasan's team list and evaluation form, the employee's view with
acknowledgement and appeal, and the appeal's decision by the atasan pejabat penilai."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.forms import add_service_errors
from ekinerja.views.forms import run_action
from kinerja.berakhlak import BERAKHLAK

from .. import access, selectors
from .. import evaluasi as layanan
from ..forms import EvaluasiForm
from ..models import Evaluasi
from ..predikat import Predikat
from ..umpan_balik import putaran_berjalan


@require_GET
def tim_view(request):
    """The people this user evaluates, with the state of their evaluation for a range."""
    ids = access.tim_evaluasi_ids(request.user)
    tahun = selectors.tahun_berjalan()
    if tahun is None:
        raise Http404
    ranges = selectors.rentang_evaluasi(tahun)
    nomor = request.GET.get("nomor", "")
    current = ranges[-2][0] if len(ranges) > 1 else 0  # the latest period that started
    nomor = int(nomor) if nomor.isdigit() and int(nomor) in dict(ranges) else current
    return render(request, "penilaian/evaluasi_tim.html", {
        "tahun": tahun, "ranges": ranges, "nomor": nomor,
        "rows": selectors.tim_evaluasi(ids, tahun, nomor)})


@require_http_methods(["GET", "POST"])
def nilai_view(request, pegawai_pk, tahun, nomor):
    """The evaluation form. Opening it changes nothing: without an evaluation yet, the page
    offers "Mulai evaluasi" (a POST that creates the draft from a fresh score); a draft
    can be refreshed from the latest score the same way."""
    pegawai, tahun_obj = access.get_pegawai_to_evaluate(request.user, pegawai_pk, tahun)
    evaluasi = selectors.evaluasi_of(pegawai, tahun_obj, nomor)
    if evaluasi is not None and evaluasi.status != Evaluasi.Status.DRAFT:
        return redirect("evaluasi_detail", evaluasi.pk)
    if request.method == "POST" and "mulai" in request.POST:
        try:
            layanan.evaluasi_buka(pegawai=pegawai, tahun=tahun_obj, nomor=nomor,
                                  actor=request.user)
        except ValidationError as exc:
            return _tidak_bisa(request, pegawai, exc)
        return redirect(request.path)
    if evaluasi is None:
        try:
            layanan.evaluasi_periksa(pegawai=pegawai, tahun=tahun_obj, nomor=nomor,
                                     actor=request.user)
        except ValidationError as exc:
            return _tidak_bisa(request, pegawai, exc)
        if request.method == "POST":  # the form of a draft that does not exist (any more)
            return redirect(request.path)
        return render(request, "penilaian/evaluasi_mulai.html", {
            "pegawai": pegawai, "tahun": tahun_obj, "nomor": nomor})
    form = EvaluasiForm(request.POST or None, evaluasi=evaluasi)
    if request.method == "POST" and form.is_valid():
        data, final = form.cleaned_data, "finalkan" in request.POST
        try:
            layanan.evaluasi_save(
                evaluasi=evaluasi, actor=request.user, rating_hasil=data["rating_hasil"],
                alasan_rating=data["alasan_rating"], rating_perilaku=data["rating_perilaku"],
                umpan_balik_rhk={row.rhk_id: data[f"rhk_{row.rhk_id}"]
                                 for row in evaluasi.rhk_set.all()},
                perilaku={n: (data[f"perilaku_{n}"], data[f"perilaku_{n}_umpan"])
                          for n in BERAKHLAK},
                final=final)
        except ValidationError as exc:
            add_service_errors(form, exc, {"perilaku": None})
        else:
            if final:
                return redirect("evaluasi_detail", evaluasi.pk)
            return redirect(request.path)
    capaian = selectors.capaian_per_rhk(evaluasi)
    return render(request, "penilaian/evaluasi_form.html", {
        "form": form, "evaluasi": evaluasi,
        "rhk_rows": [(row, form[f"rhk_{row.rhk_id}"], capaian.get(row.rhk_id, []))
                     for row in evaluasi.rhk_set.all()],
        "dialog_tahun": selectors.dialog_tahun(evaluasi.pegawai, evaluasi.tahun, request.user),
        "putaran_360": putaran_berjalan(evaluasi.tahun)},
        status=400 if form.errors else 200)


def _tidak_bisa(request, pegawai, exc):
    return render(request, "penilaian/evaluasi_tidak_bisa.html",
                  {"pegawai": pegawai, "pesan": exc.messages}, status=400)


@require_GET
def detail_view(request, pk):
    evaluasi, keberatan, pemutus = access.get_evaluasi_for(request.user, pk)
    capaian = selectors.capaian_per_rhk(evaluasi)
    return render(request, "penilaian/evaluasi_detail.html", {
        "evaluasi": evaluasi, "keberatan": keberatan, "pemutus": pemutus,
        "rhk_rows": [(row, capaian.get(row.rhk_id, [])) for row in evaluasi.rhk_set.all()],
        "batas": layanan.batas_keberatan(evaluasi), "predikat_choices": Predikat.choices,
        "perilaku": [(row, BERAKHLAK[row.nilai][0]) for row in evaluasi.perilaku_set.all()],
        "dialog_tahun": selectors.dialog_tahun(evaluasi.pegawai, evaluasi.tahun, request.user)})


@require_GET
def pdf_view(request, pk):
    """The evaluation document as an official PDF; a draft is not a document yet."""
    from ekinerja.dokumen import pdf_response
    from ekinerja.middleware import alamat_situs

    from ..dokumen import evaluasi_pdf

    evaluasi, _keberatan, _pemutus = access.get_evaluasi_for(request.user, pk)
    if evaluasi.status == Evaluasi.Status.DRAFT:
        raise Http404
    dokumen, pdf = evaluasi_pdf(evaluasi=evaluasi, actor=request.user,
                                situs=alamat_situs(request))
    return pdf_response(pdf, f"evaluasi-{evaluasi.pegawai.nip}-{evaluasi.pk}.pdf")


@require_GET
def saya_view(request):
    return render(request, "penilaian/evaluasi_saya.html",
                  {"rows": selectors.evaluasi_saya(request.user)})


@require_POST
def akui_view(request, pk):
    evaluasi, _keberatan, _pemutus = access.get_evaluasi_for(request.user, pk)
    run_action(request, lambda: layanan.evaluasi_akui(evaluasi=evaluasi, actor=request.user),
               _("Acknowledged."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_POST
def keberatan_view(request, pk):
    evaluasi, _keberatan, _pemutus = access.get_evaluasi_for(request.user, pk)
    run_action(request, lambda: layanan.keberatan_submit(
        evaluasi=evaluasi, actor=request.user, alasan=request.POST.get("alasan", "")[:4000]),
        _("Appeal filed; your supervisor's supervisor decides it."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_POST
def putuskan_view(request, pk):
    evaluasi, keberatan = access.get_keberatan_to_decide(request.user, pk)
    run_action(request, lambda: layanan.keberatan_putuskan(
        keberatan=keberatan, actor=request.user, terima=request.POST.get("putusan") == "terima",
        predikat_baru=request.POST.get("predikat_baru", ""),
        alasan=request.POST.get("alasan", "")[:4000]), _("Appeal decided."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_GET
def keberatan_list_view(request):
    """Appeals waiting for this user's decision."""
    return render(request, "penilaian/keberatan_list.html",
                  {"rows": access.keberatan_to_decide(request.user)})

