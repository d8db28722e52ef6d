from django.urls import path

from . import views

urlpatterns = [
    path("pelatihan/", views.saya_view, name="pelatihan_saya"),
    path("pelatihan/catat/", views.catat_view, name="pelatihan_catat"),
    path("pelatihan/verifikasi/", views.verifikasi_list_view, name="pelatihan_verifikasi"),
    path("pelatihan/<int:pk>/sertifikat/", views.sertifikat_view, name="pelatihan_sertifikat"),
    path("pelatihan/<int:pk>/verifikasi/", views.verifikasi_view,
         name="pelatihan_verifikasi_putus"),
    path("pelatihan/katalog/", views.katalog_view, name="pelatihan_katalog"),
    path("pelatihan/katalog/tambah/", views.katalog_form_view, name="pelatihan_katalog_tambah"),
    path("pelatihan/katalog/<int:pk>/ubah/", views.katalog_form_view,
         name="pelatihan_katalog_ubah"),
    path("pelatihan/katalog/<int:pk>/tinjau/", views.katalog_tinjau_view,
         name="pelatihan_katalog_tinjau"),
    path("pelatihan/jalur/", views.jalur_view, name="pelatihan_jalur"),
    path("pelatihan/kepatuhan/", views.kepatuhan_view, name="pelatihan_kepatuhan"),
    path("pelatihan/pengingat/", views.kepatuhan_view, {"pengingat": True},
         name="pelatihan_pengingat"),
    path("pelatihan/rencana/", views.rencana_saya_view, name="pelatihan_rencana"),
    path("pelatihan/rencana/<int:tahun>/", views.rencana_saya_view,
         name="pelatihan_rencana_tahun"),
    path("pelatihan/rencana/<int:tahun>/ubah/", views.rencana_ubah_view,
         name="pelatihan_rencana_ubah"),
    path("pelatihan/rencana/<int:tahun>/ajukan/", views.rencana_ajukan_view,
         name="pelatihan_rencana_ajukan"),
    path("pelatihan/rencana/<int:tahun>/pegawai/<int:pk>/", views.rencana_pegawai_view,
         name="pelatihan_rencana_pegawai"),
    path("pelatihan/rencana/<int:tahun>/pegawai/<int:pk>/putus/", views.rencana_putus_view,
         name="pelatihan_rencana_putus"),
]
