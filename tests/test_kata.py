"""Wording found by the review: Indonesian everywhere a person reads, whole phrases
("dari X menjadi Y"), labels instead of codes, numbers in the page's format in PDFs too."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ekinerja.models import Dokumen
from kinerja import services
from kinerja.models import Aktivitas, Indikator, IndikatorVersi

from .kinerja.conftest import (  # noqa: F401,E501
    approve,
    indikator,
    sasaran,
    skp_atasan,
    skp_kepala,
    skp_pegawai,
    tahun,
)
from .pdf_files import read_pdf


def test_the_pending_badge_speaks_indonesian(skp_pegawai, pegawai, atasan, login):  # noqa: F811
    approve(skp_pegawai)
    iki = skp_pegawai.rhk.first().iki.first()
    a = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(8), selesai=dt.time(9),
        uraian="Rapat", kategori="iki", iki=iki), actor=pegawai)
    services.aktivitas_submit(items=[a], actor=pegawai)
    body = login(atasan).get("/aktivitas/menunggu/").content.decode()
    assert 'title="Aktivitas yang menunggu validasi Anda"' in body


def test_the_overlap_message_keeps_whole_words(skp_pegawai, pegawai):  # noqa: F811
    approve(skp_pegawai)
    iki = skp_pegawai.rhk.first().iki.first()
    long = ("Mengunggah berkas laporan_realisasi_anggaran_triwulan_ketiga_final_revisi.xlsx "
            "ke aplikasi SIPD lalu memeriksa kembali seluruh lampiran pendukungnya bersama "
            "bendahara pengeluaran dan kepala subbagian keuangan")
    services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(8), selesai=dt.time(10),
        uraian=long, kategori="iki", iki=iki), actor=pegawai)
    try:
        services.aktivitas_save(aktivitas=Aktivitas(
            pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(9),
            selesai=dt.time(11), uraian="x", kategori="iki", iki=iki), actor=pegawai)
    except ValidationError as exc:
        message = " ".join(exc.messages)
    assert "laporan_realisasi_anggaran_triwulan_ketiga_final_revisi.xlsx" in message
    assert message.rstrip(".)").endswith("…")


def test_indicator_choices_show_their_name_and_the_rhk_label(admin_bkd, indikator, login,  # noqa: F811
                                                             pegawai):
    from kinerja.forms import TemplateIkiForm, UraianTugasForm

    form = TemplateIkiForm(jabatan=pegawai.jabatan)
    labels = [label for _value, label in form.fields["indikator"].choices]
    assert "DOK-01 · Jumlah dokumen yang diselesaikan (dokumen)" in labels
    assert form.fields["rhk"].label == "RHK"
    labels = [label for _value, label in UraianTugasForm().fields["indikator"].choices]
    assert "DOK-01 · Jumlah dokumen yang diselesaikan (dokumen)" in labels
    assert Indikator.objects.count() == IndikatorVersi.objects.count() == 1


def test_pdfs_print_numbers_and_ranks_as_the_pages_do(skp_pegawai, pegawai, atasan, login):  # noqa: F811
    from penilaian.models import Evaluasi

    approve(skp_pegawai)
    text, _links = read_pdf(login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/"))
    assert "Pangkat/Gol.: IV/a (Pembina)" in text  # the evaluator's rank
    assert "Pangkat/Gol.: -" not in text
    evaluasi = Evaluasi.objects.create(
        pegawai=pegawai, tahun=skp_pegawai.tahun, nomor=0, skp=skp_pegawai, status="final",
        skor_hasil=Decimal("47.20"), rating_hasil="sesuai", rating_perilaku="sesuai",
        predikat="baik", penilai=atasan)
    text, _links = read_pdf(login(pegawai).get(f"/evaluasi/{evaluasi.pk}/pdf/"))
    assert "47,20" in text and "47.20" not in text


def test_the_verification_page_says_its_title_once(skp_pegawai, pegawai, login):  # noqa: F811
    from django.test import Client

    approve(skp_pegawai)
    login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/")
    dokumen = Dokumen.objects.get()
    body = Client().get(f"/verifikasi/{dokumen.token}/").content.decode()
    card = body.split('id="dokumen"')[1].split("</div></div>")[0]
    assert card.count("SASARAN KINERJA PEGAWAI") == 1
    assert "Sasaran Kinerja Pegawai (SKP)" not in card
