from django.urls import path

from .views import kelola, skor

urlpatterns = [
    path("skor/", skor.skor_list_view, name="skor_list"),
    path("skor/<int:pk>/", skor.skor_detail_view, name="skor_detail"),
    path("skor/realisasi/<int:iki_pk>/<int:periode_pk>/", skor.realisasi_manual_view,
         name="realisasi_manual"),
    path("kelola/skor/", kelola.recompute_view, name="skor_recompute"),
    path("kelola/skor/tugas/<int:pk>/", kelola.tugas_view, name="tugas_hitung"),
    path("kelola/skor/tugas/<int:pk>/status/", kelola.tugas_status_view,
         name="tugas_hitung_status"),
]
