from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from .views import (
    akun,
    audit,
    dokumen,
    ekspor,
    impor,
    kalender,
    kelola,
    notifikasi,
    panduan,
    pengumuman,
    plt,
)

urlpatterns = [
    path("", akun.home, name="home"),
    path("healthz", akun.healthz, name="healthz"),
    path("masuk/", akun.login_view, name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/password/", akun.password_change_view, name="password_change"),
    path("panduan/", panduan.indeks_view, name="panduan"),
    path("panduan/<slug:slug>/", panduan.halaman_view, name="panduan_halaman"),
    path("tur/", akun.tur_view, name="tur"),
    path("tur/tutup/", akun.tur_tutup_view, name="tur_tutup"),
    path("tur/buka/", akun.tur_buka_view, name="tur_buka"),
    path("bahasa/", login_not_required(set_language), name="set_language"),
    path("kelola/unit/", kelola.unit_list_view, name="unit_list"),
    path("kelola/unit/baru/", kelola.unit_edit_view, name="unit_create"),
    path("kelola/unit/<int:pk>/", kelola.unit_edit_view, name="unit_edit"),
    path("kelola/jabatan/", kelola.jabatan_list_view, name="jabatan_list"),
    path("kelola/jabatan/baru/", kelola.jabatan_edit_view, name="jabatan_create"),
    path("kelola/jabatan/<int:pk>/", kelola.jabatan_edit_view, name="jabatan_edit"),
    path("kelola/pegawai/", kelola.pegawai_list_view, name="pegawai_list"),
    path("kelola/pegawai/baru/", kelola.pegawai_edit_view, name="pegawai_create"),
    path("kelola/pegawai/<int:pk>/", kelola.pegawai_edit_view, name="pegawai_edit"),
    path("kelola/pegawai/<int:pk>/reset-password/", kelola.pegawai_reset_password_view,
         name="pegawai_reset_password"),
    path("kelola/impor/", impor.impor_start_view, name="impor_start"),
    path("kelola/impor/<int:pk>/", impor.impor_detail_view, name="impor_detail"),
    path("kelola/impor/<int:pk>/terapkan/", impor.impor_apply_view, name="impor_apply"),
    path("kelola/audit/", audit.audit_list_view, name="audit_list"),
    path("kelola/audit/rantai/", audit.audit_rantai_view, name="audit_rantai"),
    path("riwayat/", audit.riwayat_view, name="riwayat"),
    path("ekspor/", ekspor.ekspor_view, name="ekspor"),
    path("ekspor/<int:pk>/", ekspor.ekspor_detail_view, name="ekspor_detail"),
    path("ekspor/<int:pk>/unduh/", ekspor.ekspor_unduh_view, name="ekspor_unduh"),
    path("verifikasi/<uuid:token>/", dokumen.verifikasi_view, name="dokumen_verifikasi"),
    path("notifikasi/", notifikasi.daftar_view, name="notifikasi"),
    path("notifikasi/jumlah/", notifikasi.jumlah_view, name="notifikasi_jumlah"),
    path("notifikasi/baca-semua/", notifikasi.baca_semua_view, name="notifikasi_baca_semua"),
    path("notifikasi/pengaturan/", notifikasi.pengaturan_view, name="notifikasi_pengaturan"),
    path("notifikasi/<int:pk>/", notifikasi.buka_view, name="notifikasi_buka"),
    path("pengumuman/", pengumuman.daftar_view, name="pengumuman_list"),
    path("pengumuman/baru/", pengumuman.baru_view, name="pengumuman_baru"),
    path("pengumuman/<int:pk>/baca/", pengumuman.baca_view, name="pengumuman_baca"),
    path("kelola/hari-libur/", kalender.hari_libur_view, name="hari_libur"),
    path("kelola/plt/", plt.plt_view, name="plt"),
    path("kelola/plt/<int:pk>/akhiri/", plt.plt_end_view, name="plt_end"),
    path("kelola/hari-libur/<int:pk>/hapus/", kalender.hari_libur_delete_view,
         name="hari_libur_delete"),
    path("admin/", admin.site.urls),
    path("", include("kinerja.urls")),
    path("", include("penilaian.urls")),
    path("", include("pelatihan.urls")),
]

handler500 = "ekinerja.views.galat.server_error"
handler400 = "ekinerja.views.galat.bad_request"
