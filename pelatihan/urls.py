from django.urls import path

from . import views

urlpatterns = [
    path("pelatihan/", views.saya_view, name="pelatihan_saya"),
    path("pelatihan/catat/", views.catat_view, name="pelatihan_catat"),
    path("pelatihan/verifikasi/", views.verifikasi_list_view, name="pelatihan_verifikasi"),
    path("pelatihan/<int:pk>/sertifikat/", views.sertifikat_view, name="pelatihan_sertifikat"),
    path("pelatihan/<int:pk>/verifikasi/", views.verifikasi_view,
         name="pelatihan_verifikasi_putus"),
]
