from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.admin import OTPAdminSite

from .models import AuditLog, Jabatan, Pegawai, UnitKerja


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "parent", "aktif"]
    search_fields = ["kode", "nama"]
    list_filter = ["jenis", "aktif"]
    readonly_fields = ["path"]


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "unit", "kepala_unit"]
    search_fields = ["kode", "nama"]
    list_filter = ["jenis", "kepala_unit"]
    raw_id_fields = ["unit"]


@admin.register(Pegawai)
class PegawaiAdmin(UserAdmin):
    ordering = ["nama"]
    list_display = ["nip", "nama", "jenis", "golongan", "unit", "aktif"]
    search_fields = ["nip", "nama"]
    list_filter = ["jenis", "aktif", "is_staff"]
    raw_id_fields = ["jabatan", "unit", "atasan_override", "admin_scope"]
    fieldsets = [
        (None, {"fields": ["nip", "password"]}),
        ("Data", {"fields": ["gelar_depan", "nama", "gelar_belakang", "jenis", "golongan",
                             "jabatan", "unit", "atasan_override", "admin_scope", "email"]}),
        ("Akses", {"fields": ["aktif", "is_staff", "is_superuser", "harus_ganti_password",
                              "groups", "user_permissions"]}),
    ]
    add_fieldsets = [(None, {"fields": ["nip", "nama", "jenis", "golongan", "password1",
                                        "password2"]})]
    filter_horizontal = ["groups", "user_permissions"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["waktu", "actor_nip", "action", "target_type", "target_repr", "ip"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_nip", "target_repr"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


# Django's admin only for a session that passed the second step (docs/mfa.md): besides the
# gate in ekinerja.mfa, the site itself refuses one that has not (django-otp's documented
# way to swap the default site's class).
admin.site.__class__ = OTPAdminSite
