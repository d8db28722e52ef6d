from django.urls import path

from .views import evaluasi, kelola, kurva, skor, validasi

urlpatterns = [
    path("validasi/", validasi.antrean_view, name="validasi"),
    path("validasi/baru/", validasi.antrean_baru_view, name="validasi_baru"),
    path("validasi/setujui/", validasi.setujui_banyak_view, name="validasi_setujui_banyak"),
    path("validasi/<int:pk>/setujui/", validasi.setujui_view, name="validasi_setujui"),
    path("validasi/<int:pk>/tolak/", validasi.tolak_view, name="validasi_tolak"),
    path("validasi/<int:pk>/kembalikan/", validasi.kembalikan_view, name="validasi_kembalikan"),
    path("validasi/<int:pk>/batal/", validasi.batal_view, name="validasi_batal"),
    path("skor/", skor.skor_list_view, name="skor_list"),
    path("skor/<int:pk>/", skor.skor_detail_view, name="skor_detail"),
    path("skor/realisasi/<int:iki_pk>/<int:periode_pk>/", skor.realisasi_manual_view,
         name="realisasi_manual"),
    path("evaluasi/", evaluasi.saya_view, name="evaluasi_saya"),
    path("evaluasi/tim/", evaluasi.tim_view, name="evaluasi_tim"),
    path("evaluasi/keberatan/", evaluasi.keberatan_list_view, name="keberatan_list"),
    path("evaluasi/nilai/<int:pegawai_pk>/<int:tahun>/<int:nomor>/", evaluasi.nilai_view,
         name="evaluasi_nilai"),
    path("evaluasi/<int:pk>/", evaluasi.detail_view, name="evaluasi_detail"),
    path("evaluasi/<int:pk>/pdf/", evaluasi.pdf_view, name="evaluasi_pdf"),
    path("evaluasi/<int:pk>/akui/", evaluasi.akui_view, name="evaluasi_akui"),
    path("evaluasi/<int:pk>/keberatan/", evaluasi.keberatan_view, name="evaluasi_keberatan"),
    path("evaluasi/<int:pk>/putuskan/", evaluasi.putuskan_view, name="keberatan_putuskan"),
    path("kurva/", kurva.kurva_list_view, name="kurva_list"),
    path("kelola/kurva/", kurva.batas_view, name="kurva_batas"),
    path("kurva/<int:unit_pk>/<int:tahun>/", kurva.kurva_view, name="kurva"),
    path("kelola/skor/", kelola.recompute_view, name="skor_recompute"),
    path("kelola/skor/tugas/<int:pk>/", kelola.tugas_view, name="tugas_hitung"),
    path("kelola/skor/tugas/<int:pk>/status/", kelola.tugas_status_view,
         name="tugas_hitung_status"),
]
