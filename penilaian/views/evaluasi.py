"""Evaluations: the atasan's team list and evaluation form, the employee's view with
acknowledgement and appeal, and the appeal's decision by the atasan pejabat penilai."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import may_view_pegawai
from ekinerja.forms import add_service_errors
from ekinerja.models import Pegawai
from ekinerja.views.forms import run_action
from kinerja.access import may_decide
from kinerja.berakhlak import BERAKHLAK
from kinerja.models import Iki, Periode, TahunKinerja
from kinerja.selectors import validasi_pegawai_ids

from .. import evaluasi as layanan
from ..models import Evaluasi, Keberatan, Skor
from ..predikat import Predikat, Rating

RATING_CHOICES = [("", "—"), *Rating.choices]


class EvaluasiForm(forms.Form):
    rating_hasil = forms.ChoiceField(label=gettext_lazy("Rating of hasil kerja"),
                                     choices=RATING_CHOICES, required=False)
    alasan_rating = forms.CharField(label=gettext_lazy("Why another rating than the "
                                                       "suggested one"),
                                    max_length=2000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    rating_perilaku = forms.ChoiceField(label=gettext_lazy("Overall rating of perilaku"),
                                        choices=RATING_CHOICES, required=False)

    def __init__(self, *args, evaluasi, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluasi = evaluasi
        for row in evaluasi.rhk_set.all():
            self.fields[f"rhk_{row.rhk_id}"] = forms.CharField(
                label=row.rhk.uraian, required=False, max_length=2000, initial=row.umpan_balik,
                widget=forms.Textarea(attrs={"rows": 2}))
        for row in evaluasi.perilaku_set.all():
            name = BERAKHLAK[row.nilai][0]
            self.fields[f"perilaku_{row.nilai}"] = forms.ChoiceField(
                label=name, choices=RATING_CHOICES, required=False, initial=row.rating)
            self.fields[f"perilaku_{row.nilai}_umpan"] = forms.CharField(
                label=_("Feedback on %(value)s") % {"value": name}, required=False,
                max_length=2000, initial=row.umpan_balik)
        self.initial.update(rating_hasil=evaluasi.rating_hasil or evaluasi.rating_saran,
                            alasan_rating=evaluasi.alasan_rating,
                            rating_perilaku=evaluasi.rating_perilaku)

    def perilaku_fields(self):
        return [(self[f"perilaku_{n}"], self[f"perilaku_{n}_umpan"], BERAKHLAK[n][1])
                for n in sorted(BERAKHLAK)]


def _ranges(tahun):
    today = timezone.localdate()
    periods = [p for p in Periode.objects.filter(tahun=tahun).select_related("tahun")
               .order_by("nomor") if p.mulai <= today]
    return [(p.nomor, str(p)) for p in periods] + [(0, _("Year %(year)s")
                                                    % {"year": tahun.tahun})]


@require_GET
def tim_view(request):
    """The people this user evaluates, with the state of their evaluation for a range."""
    ids = validasi_pegawai_ids(request.user)
    if not ids:
        raise Http404
    tahun = TahunKinerja.objects.filter(tahun=timezone.localdate().year).first()
    if tahun is None:
        raise Http404
    ranges = _ranges(tahun)
    nomor = request.GET.get("nomor", "")
    current = ranges[-2][0] if len(ranges) > 1 else 0  # the latest period that started
    nomor = int(nomor) if nomor.isdigit() and int(nomor) in dict(ranges) else current
    people = Pegawai.objects.filter(pk__in=ids).select_related("jabatan").order_by("nama")
    done = {e.pegawai_id: e for e in Evaluasi.objects.filter(pegawai_id__in=ids, tahun=tahun,
                                                             nomor=nomor)}
    return render(request, "penilaian/evaluasi_tim.html", {
        "tahun": tahun, "ranges": ranges, "nomor": nomor,
        "rows": [(p, done.get(p.pk)) for p in people]})


@require_http_methods(["GET", "POST"])
def nilai_view(request, pegawai_pk, tahun, nomor):
    """The evaluation form. Opening it changes nothing: without an evaluation yet, the page
    offers "Mulai evaluasi" (a POST that creates the draft from a fresh score); a draft
    can be refreshed from the latest score the same way."""
    pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(pk=pegawai_pk).first()
    tahun_obj = TahunKinerja.objects.filter(tahun=tahun).first()
    if pegawai is None or tahun_obj is None or pegawai.pk == request.user.pk or \
            not may_decide(request.user, pegawai):
        raise Http404
    evaluasi = (Evaluasi.objects.select_related("tahun", "periode")
                .prefetch_related("rhk_set__rhk", "perilaku_set")
                .filter(pegawai=pegawai, tahun=tahun_obj, nomor=nomor).first())
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
            layanan.evaluasi_simpan(
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
    capaian = _capaian(evaluasi)
    return render(request, "penilaian/evaluasi_form.html", {
        "form": form, "evaluasi": evaluasi,
        "rhk_rows": [(row, form[f"rhk_{row.rhk_id}"], capaian.get(row.rhk_id, []))
                     for row in evaluasi.rhk_set.all()]},
        status=400 if form.errors else 200)


def _tidak_bisa(request, pegawai, exc):
    return render(request, "penilaian/evaluasi_tidak_bisa.html",
                  {"pegawai": pegawai, "pesan": exc.messages}, status=400)


def _capaian(evaluasi):
    """Per RHK the IKIs with their realisation, target and capaian from the score."""
    skor = Skor.objects.filter(pegawai=evaluasi.pegawai_id, tahun=evaluasi.tahun_id,
                               nomor=evaluasi.nomor).first()
    lines = {line["iki"]: line for line in skor.baris_iki()} if skor else {}
    per_rhk = {}
    for iki in Iki.objects.filter(rhk__in=[r.rhk_id for r in evaluasi.rhk_set.all()]):
        per_rhk.setdefault(iki.rhk_id, []).append((iki, lines.get(iki.pk)))
    return per_rhk


def _evaluasi_for(user, pk):
    evaluasi = (Evaluasi.objects.select_related("pegawai__unit", "tahun", "periode", "penilai")
                .prefetch_related("rhk_set__rhk", "perilaku_set").filter(pk=pk).first())
    if evaluasi is None:
        raise Http404
    keberatan = Keberatan.objects.filter(evaluasi=evaluasi).first()
    pemutus = keberatan is not None and layanan.may_decide_keberatan(user, keberatan)
    if not (may_view_pegawai(user, evaluasi.pegawai) or user.pk == evaluasi.penilai_id
            or pemutus):
        raise Http404
    if evaluasi.status == Evaluasi.Status.DRAFT and user.pk == evaluasi.pegawai_id:
        raise Http404  # a draft is the atasan's until it is final
    return evaluasi, keberatan, pemutus


@require_GET
def detail_view(request, pk):
    evaluasi, keberatan, pemutus = _evaluasi_for(request.user, pk)
    capaian = _capaian(evaluasi)
    return render(request, "penilaian/evaluasi_detail.html", {
        "evaluasi": evaluasi, "keberatan": keberatan, "pemutus": pemutus,
        "rhk_rows": [(row, capaian.get(row.rhk_id, [])) for row in evaluasi.rhk_set.all()],
        "batas": layanan.batas_keberatan(evaluasi), "predikat_choices": Predikat.choices,
        "perilaku": [(row, BERAKHLAK[row.nilai][0]) for row in evaluasi.perilaku_set.all()]})


@require_GET
def pdf_view(request, pk):
    """The evaluation document as an official PDF; a draft is not a document yet."""
    from ekinerja.dokumen import pdf_response
    from ekinerja.middleware import alamat_situs

    from ..dokumen import evaluasi_pdf

    evaluasi, _keberatan, _pemutus = _evaluasi_for(request.user, pk)
    if evaluasi.status == Evaluasi.Status.DRAFT:
        raise Http404
    dokumen, pdf = evaluasi_pdf(evaluasi=evaluasi, actor=request.user,
                                situs=alamat_situs(request))
    return pdf_response(pdf, f"evaluasi-{evaluasi.pegawai.nip}-{evaluasi.pk}.pdf")


@require_GET
def saya_view(request):
    rows = (Evaluasi.objects.filter(pegawai=request.user)
            .exclude(status=Evaluasi.Status.DRAFT).select_related("tahun", "periode"))
    return render(request, "penilaian/evaluasi_saya.html", {"rows": rows})


@require_POST
def akui_view(request, pk):
    evaluasi, _keberatan, _pemutus = _evaluasi_for(request.user, pk)
    run_action(request, lambda: layanan.evaluasi_akui(evaluasi=evaluasi, actor=request.user),
               _("Acknowledged."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_POST
def keberatan_view(request, pk):
    evaluasi, _keberatan, _pemutus = _evaluasi_for(request.user, pk)
    run_action(request, lambda: layanan.keberatan_ajukan(
        evaluasi=evaluasi, actor=request.user, alasan=request.POST.get("alasan", "")[:4000]),
        _("Appeal filed; your supervisor's supervisor decides it."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_POST
def putuskan_view(request, pk):
    evaluasi, keberatan, pemutus = _evaluasi_for(request.user, pk)
    if not pemutus:
        raise Http404
    run_action(request, lambda: layanan.keberatan_putuskan(
        keberatan=keberatan, actor=request.user, terima=request.POST.get("putusan") == "terima",
        predikat_baru=request.POST.get("predikat_baru", ""),
        alasan=request.POST.get("alasan", "")[:4000]), _("Appeal decided."))
    return redirect("evaluasi_detail", evaluasi.pk)


@require_GET
def keberatan_list_view(request):
    """Appeals waiting for this user's decision."""
    waiting = (Keberatan.objects.filter(status=Keberatan.Status.DIAJUKAN)
               .select_related("evaluasi__pegawai__unit", "evaluasi__penilai",
                               "evaluasi__tahun", "evaluasi__periode"))
    rows = [k for k in waiting if layanan.may_decide_keberatan(request.user, k)]
    return render(request, "penilaian/keberatan_list.html", {"rows": rows})

