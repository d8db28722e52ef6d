"""Two-step verification (ekinerja.mfa, docs/mfa.md): required of admins, optional for
everyone else, on Django's admin too; wrong codes count towards the login lockout."""

from binascii import unhexlify

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ekinerja.models import AuditLog

from ..conftest import kode_mfa
from ..factories import PASSWORD, staff_of

DAFTAR, VERIFIKASI, STATUS = "/akun/mfa/daftar/", "/akun/mfa/verifikasi/", "/akun/mfa/"
PEMULIHAN = "/akun/mfa/pemulihan/"


def masuk(pegawai):
    """A client past the password only."""
    client = Client()
    assert client.post("/masuk/", {"username": pegawai.nip,
                                   "password": PASSWORD}).status_code == 302
    return client


def kode_sekarang(kunci):
    return f"{totp(unhexlify(kunci)):06d}"


def aktifkan(client):
    """Add an app through the pages, as a person does; returns (device, recovery codes)."""
    client.get(DAFTAR)
    kunci = client.session["mfa_kunci_baru"]
    response = client.post(DAFTAR, {"nama": "HP saya", "kode": kode_sekarang(kunci)})
    assert response.status_code == 200, response.content.decode()[:500]
    return TOTPDevice.objects.get(key=kunci), response.context["kode"]


def perangkat_untuk(pegawai, kunci="3132333435363738393031323334353637383930"):
    return TOTPDevice.objects.create(user=pegawai, name="HP", key=kunci, confirmed=True)


def salah_dari(kode):
    return f"{(int(kode) + 1) % 1_000_000:06d}"


# -- who must -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/kelola/pegawai/", "/", "/skp/"])
def test_an_admin_without_an_app_is_sent_to_add_one_from_every_page(admin_opd, url):
    client = masuk(admin_opd)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{DAFTAR}?next=")


def test_an_admin_adds_an_app_gets_recovery_codes_and_reaches_the_admin_page(admin_opd):
    client = masuk(admin_opd)
    response = client.get(f"{DAFTAR}?next=/kelola/pegawai/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in body  # the QR code, within the CSP's img-src
    rahasia = response.context["rahasia"]
    assert rahasia.replace(" ", "") in body.replace(" ", "")
    kunci = client.session["mfa_kunci_baru"]
    kode = kode_sekarang(kunci)
    response = client.post(f"{DAFTAR}?next=/kelola/pegawai/",
                           {"nama": "Samsung A54", "kode": f"{kode[:3]} {kode[3:]}"})
    assert response.status_code == 200
    assert len(response.context["kode"]) == 10
    assert response.context["lanjut"] == "/kelola/pegawai/"
    perangkat = TOTPDevice.objects.get(user=admin_opd)
    assert perangkat.confirmed and perangkat.name == "Samsung A54"
    assert client.get("/kelola/pegawai/").status_code == 200
    entry = AuditLog.objects.get(action="pegawai.mfa_aktif", target_id=str(admin_opd.pk))
    assert entry.after == {"perangkat": "Samsung A54"}
    text = str(entry.before) + str(entry.after)
    assert kunci not in text and rahasia.replace(" ", "") not in text


@pytest.mark.parametrize(("kode", "pesan"), [
    ("", "Enter the code the app shows"),
    ("12ab56", "6 digits"),
    ("1234567", "6 digits"),
])
def test_adding_an_app_refuses_an_empty_or_malformed_code(admin_opd, kode, pesan):
    client = masuk(admin_opd)
    client.cookies["django_language"] = "en"
    client.get(DAFTAR)
    response = client.post(DAFTAR, {"nama": "HP", "kode": kode})
    assert response.status_code == 400
    assert pesan in str(response.context["form"].errors["kode"])
    assert not TOTPDevice.objects.filter(user=admin_opd).exists()


def test_adding_an_app_refuses_a_wrong_code_and_stores_nothing(admin_opd):
    client = masuk(admin_opd)
    client.get(DAFTAR)
    salah = salah_dari(kode_sekarang(client.session["mfa_kunci_baru"]))
    response = client.post(DAFTAR, {"nama": "HP", "kode": salah})
    assert response.status_code == 400 and response.context["form"].errors["kode"]
    assert not TOTPDevice.objects.filter(user=admin_opd).exists()
    assert client.get("/kelola/pegawai/").status_code == 302  # still not through


def test_an_admin_with_an_app_is_asked_for_its_code_keeping_next(admin_bkd):
    perangkat = perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    response = client.get("/kelola/pegawai/?q=a")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFIKASI}?next=%2Fkelola%2Fpegawai%2F%3Fq%3Da"
    assert client.get(DAFTAR)["Location"].startswith(VERIFIKASI)  # no second app meanwhile
    assert client.get(STATUS)["Location"].startswith(VERIFIKASI)
    # A background poll gets nothing, not the code page.
    assert client.get("/notifikasi/jumlah/", HTTP_HX_REQUEST="true").status_code == 204
    kode = kode_sekarang(perangkat.key)
    response = client.post(f"{VERIFIKASI}?next=/kelola/pegawai/%3Fq%3Da",
                           {"kode": f" {kode[:3]} {kode[3:]} "})
    assert response.status_code == 302 and response["Location"] == "/kelola/pegawai/?q=a"
    assert client.get("/kelola/pegawai/").status_code == 200


def test_the_code_page_does_not_redirect_elsewhere(admin_bkd):
    perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    response = client.post(f"{VERIFIKASI}?next=https://contoh.test/", {"kode": kode_mfa(admin_bkd)})
    assert response.status_code == 302 and response["Location"] == "/"


def test_logging_out_stays_open_before_the_code_and_the_password_only_when_issued(
        admin_bkd):
    from ekinerja.models import Pegawai

    perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    # Someone with only the password cannot change it (and lock the owner out).
    refused = client.post("/akun/password/", {"old_password": PASSWORD,
                                              "new_password1": "Kata-Sandi-Baru-2026!",
                                              "new_password2": "Kata-Sandi-Baru-2026!"})
    assert refused.status_code == 302 and refused["Location"].startswith(VERIFIKASI)
    admin_bkd.refresh_from_db()
    assert admin_bkd.check_password(PASSWORD)
    assert client.post("/keluar/").status_code == 302
    assert client.get("/kelola/pegawai/")["Location"].startswith("/masuk/")
    # An admin-issued password is changed first, before the code.
    Pegawai.objects.filter(pk=admin_bkd.pk).update(harus_ganti_password=True)
    assert masuk(admin_bkd).get("/akun/password/").status_code == 200


def test_a_session_from_before_the_app_cannot_manage_the_factors(pegawai):
    old = masuk(pegawai)  # no app yet: this session is not asked for a code
    assert old.get("/").status_code == 200
    device, kode = aktifkan(masuk(pegawai))  # set up from another device
    for response in (old.post(PEMULIHAN), old.get(DAFTAR),
                     old.post(DAFTAR, {"nama": "punya penyerang", "kode": "123456"})):
        assert response.status_code == 302 and response["Location"].startswith(VERIFIKASI)
    assert TOTPDevice.objects.filter(user=pegawai).count() == 1
    assert AuditLog.objects.filter(action="pegawai.mfa_pemulihan").count() == 0


def test_the_requirement_can_be_turned_off(admin_opd, settings):
    settings.MFA_WAJIB_ADMIN = False
    assert masuk(admin_opd).get("/kelola/pegawai/").status_code == 200


# -- the code page --------------------------------------------------------------------------

@pytest.mark.parametrize(("kode", "pesan"), [
    ("", "Enter the code from your authenticator app."),
    ("12 34", "This is not a code"),
    ("abc!defg", "This is not a code"),
])
def test_the_code_page_explains_an_empty_or_malformed_code(admin_bkd, kode, pesan):
    perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    client.cookies["django_language"] = "en"
    response = client.post(VERIFIKASI, {"kode": kode})
    assert response.status_code == 400
    assert pesan in str(response.context["form"].errors["kode"])


def test_a_wrong_code_is_refused_and_counted_as_a_failed_login(admin_bkd):
    from axes.models import AccessAttempt

    perangkat = perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    response = client.post(VERIFIKASI, {"kode": salah_dari(kode_sekarang(perangkat.key))})
    assert response.status_code == 400 and response.context["form"].errors["kode"]
    assert AccessAttempt.objects.get(username=admin_bkd.nip).failures_since_start == 1
    assert client.get("/kelola/pegawai/").status_code == 302


def test_wrong_codes_lock_the_nip_out_and_then_even_the_right_code_is_refused(
        admin_bkd, settings, jam):
    perangkat = perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    salah = salah_dari(kode_sekarang(perangkat.key))
    for _i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(VERIFIKASI, {"kode": salah}).status_code == 400
    response = client.post(VERIFIKASI, {"kode": salah})
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    TOTPDevice.objects.filter(pk=perangkat.pk).update(throttling_failure_count=0)
    response = client.post(VERIFIKASI, {"kode": kode_sekarang(perangkat.key)})
    assert response.status_code == 429
    assert client.get("/kelola/pegawai/").status_code == 302
    # The password form is locked for the NIP too.
    again = Client().post("/masuk/", {"username": admin_bkd.nip, "password": PASSWORD})
    assert again.status_code == 429


def test_the_app_holds_back_after_a_wrong_code_and_says_so(admin_bkd, jam):
    perangkat = perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    client.cookies["django_language"] = "en"
    client.post(VERIFIKASI, {"kode": salah_dari(kode_sekarang(perangkat.key))})
    response = client.post(VERIFIKASI, {"kode": kode_sekarang(perangkat.key)})
    assert response.status_code == 400
    assert "Too many wrong codes" in str(response.context["form"].errors["kode"])
    jam.shift(5)
    response = client.post(VERIFIKASI, {"kode": kode_sekarang(perangkat.key)})
    assert response.status_code == 302


def test_a_code_is_accepted_once(admin_bkd):
    perangkat = perangkat_untuk(admin_bkd)
    kode = kode_sekarang(perangkat.key)
    assert masuk(admin_bkd).post(VERIFIKASI, {"kode": kode}).status_code == 302
    assert masuk(admin_bkd).post(VERIFIKASI, {"kode": kode}).status_code == 400


def test_a_recovery_code_works_once_with_dashes_or_spaces(admin_opd):
    client = masuk(admin_opd)
    _perangkat, kode = aktifkan(client)
    assert all(len(k) == 9 and k[4] == "-" for k in kode)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {k.replace("-", "") for k in kode}  # hashed
    other = masuk(admin_opd)
    response = other.post(VERIFIKASI, {"kode": kode[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert other.get("/kelola/pegawai/").status_code == 200
    assert StaticToken.objects.count() == 9
    assert masuk(admin_opd).post(VERIFIKASI, {"kode": kode[0]}).status_code == 400


# -- optional for everyone else -------------------------------------------------------------

def test_an_employee_needs_no_app_but_once_added_is_asked_for_its_code(pegawai):
    client = masuk(pegawai)
    assert client.get("/").status_code == 200
    assert client.get(STATUS).status_code == 200
    perangkat, kode = aktifkan(client)
    assert len(kode) == 10
    assert client.get("/").status_code == 200  # verified by adding it
    later = masuk(pegawai)
    assert later.get("/")["Location"] == f"{VERIFIKASI}?next=%2F"
    assert later.post(VERIFIKASI, {"kode": kode_mfa(pegawai)}).status_code == 302
    assert later.get("/").status_code == 200


def test_the_status_page_lists_own_apps_and_recovery_codes_left(pegawai, pegawai_lain):
    perangkat_untuk(pegawai_lain)
    client = masuk(pegawai)
    aktifkan(client)
    response = client.get(STATUS)
    assert [p.name for p in response.context["perangkat"]] == ["HP saya"]
    assert response.context["sisa_kode"] == 10
    assert not response.context["wajib"]


# -- recovery codes -------------------------------------------------------------------------

def test_new_recovery_codes_replace_the_old_ones_and_are_audited(pegawai, jam):
    client = masuk(pegawai)
    _perangkat, lama = aktifkan(client)
    response = client.post(PEMULIHAN)
    baru = response.context["kode"]
    assert response.status_code == 200 and len(baru) == 10 and not set(baru) & set(lama)
    assert "no-store" in response["Cache-Control"]
    assert StaticToken.objects.filter(device__user=pegawai).count() == 10
    entry = AuditLog.objects.get(action="pegawai.mfa_pemulihan")
    assert entry.after == {"jumlah": 10}
    assert not any(k in str(entry.after) for k in baru)
    assert masuk(pegawai).post(VERIFIKASI, {"kode": lama[1]}).status_code == 400
    jam.shift(2)  # django-otp holds back a second after a wrong code
    assert masuk(pegawai).post(VERIFIKASI, {"kode": baru[1]}).status_code == 302


def test_recovery_codes_need_an_app_first_and_a_post(pegawai):
    client = masuk(pegawai)
    assert client.get(PEMULIHAN).status_code == 405
    response = client.post(PEMULIHAN)
    assert response.status_code == 302 and response["Location"] == STATUS
    assert not StaticDevice.objects.exists()


# -- removing an app ------------------------------------------------------------------------

def test_an_employee_removes_their_app_with_a_code_and_it_is_off(pegawai):
    client = masuk(pegawai)
    perangkat, kode = aktifkan(client)
    url = f"/akun/mfa/perangkat/{perangkat.pk}/hapus/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kode": salah_dari(kode_sekarang(perangkat.key))})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=perangkat.pk).exists()
    response = client.post(url, {"kode": kode[3]})
    assert response.status_code == 302 and response["Location"] == STATUS
    assert not TOTPDevice.objects.filter(user=pegawai).exists()
    assert not StaticDevice.objects.filter(user=pegawai).exists()
    assert AuditLog.objects.get(action="pegawai.mfa_hapus").before == {"perangkat": "HP saya"}
    assert masuk(pegawai).get("/").status_code == 200  # no code asked any more


def test_an_admin_cannot_remove_their_last_app_while_it_is_required(admin_bkd):
    perangkat = perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    client.post(VERIFIKASI, {"kode": kode_mfa(admin_bkd)})
    url = f"/akun/mfa/perangkat/{perangkat.pk}/hapus/"
    assert client.get(url).context["boleh"] is False
    response = client.post(url, {"kode": kode_mfa(admin_bkd)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=perangkat.pk).exists()
    assert not AuditLog.objects.filter(action="pegawai.mfa_hapus").exists()


def test_an_admin_with_two_apps_may_remove_one(admin_bkd):
    perangkat_untuk(admin_bkd)
    kedua = perangkat_untuk(admin_bkd, kunci="3132333435363738393031323334353637383931")
    client = masuk(admin_bkd)
    client.post(VERIFIKASI, {"kode": kode_mfa(admin_bkd)})
    response = client.post(f"/akun/mfa/perangkat/{kedua.pk}/hapus/",
                           {"kode": kode_sekarang(kedua.key)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=admin_bkd).count() == 1


def test_another_persons_app_does_not_exist(login, pegawai, pegawai_lain):
    lain = perangkat_untuk(pegawai_lain)
    client = login(pegawai)
    url = f"/akun/mfa/perangkat/{lain.pk}/hapus/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"kode": kode_sekarang(lain.key)}).status_code == 404
    assert TOTPDevice.objects.filter(pk=lain.pk).exists()


@pytest.mark.parametrize("url", [STATUS, DAFTAR, VERIFIKASI, PEMULIHAN,
                                 "/akun/mfa/perangkat/1/hapus/", "/kelola/pegawai/1/reset-mfa/"])
def test_anonymous_is_sent_to_log_in(client, db, url):
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


# -- the admin's reset ----------------------------------------------------------------------

def test_admin_bkd_resets_a_persons_app_and_it_is_audited(login, admin_bkd, admin_opd):
    perangkat_untuk(admin_opd)
    client = login(admin_bkd)
    assert client.get(f"/kelola/pegawai/{admin_opd.pk}/").context["mfa_aktif"] is True
    response = client.post(f"/kelola/pegawai/{admin_opd.pk}/reset-mfa/")
    assert response.status_code == 302
    assert response["Location"] == f"/kelola/pegawai/{admin_opd.pk}/"
    assert not TOTPDevice.objects.filter(user=admin_opd).exists()
    entry = AuditLog.objects.get(action="pegawai.mfa_reset")
    assert entry.actor_id == admin_bkd.pk and entry.target_id == str(admin_opd.pk)
    assert entry.before == {"perangkat": 1}
    # The Admin OPD sets it up again at the next login.
    assert masuk(admin_opd).get("/kelola/pegawai/")["Location"].startswith(DAFTAR)


def test_a_session_whose_app_was_reset_is_asked_to_add_one(login, admin_bkd, admin_opd):
    perangkat_untuk(admin_opd)
    opd = login(admin_opd)
    login(admin_bkd).post(f"/kelola/pegawai/{admin_opd.pk}/reset-mfa/")
    response = opd.get("/kelola/pegawai/")
    assert response["Location"].startswith(VERIFIKASI)  # the session still thinks it has one
    response = opd.get(response["Location"])  # the code page finds none, and says so
    assert response["Location"] == "/kelola/pegawai/"
    assert opd.get("/kelola/pegawai/")["Location"].startswith(DAFTAR)


def test_admin_opd_resets_only_within_its_scope(login, admin_opd, pegawai, pegawai_lain):
    perangkat_untuk(pegawai)
    perangkat_untuk(pegawai_lain, kunci="3132333435363738393031323334353637383931")
    client = login(admin_opd)
    assert client.post(f"/kelola/pegawai/{pegawai_lain.pk}/reset-mfa/").status_code == 404
    assert TOTPDevice.objects.filter(user=pegawai_lain).exists()
    assert client.post(f"/kelola/pegawai/{pegawai.pk}/reset-mfa/").status_code == 302
    assert not TOTPDevice.objects.filter(user=pegawai).exists()


def test_reset_is_refused_to_non_admins_and_to_get(login, admin_bkd, pegawai, atasan):
    perangkat_untuk(pegawai)
    assert login(atasan).post(f"/kelola/pegawai/{pegawai.pk}/reset-mfa/").status_code == 403
    assert login(admin_bkd).get(f"/kelola/pegawai/{pegawai.pk}/reset-mfa/").status_code == 405
    assert TOTPDevice.objects.filter(user=pegawai).exists()


# -- Django's admin -------------------------------------------------------------------------

@pytest.fixture
def superuser(opd_b):
    return staff_of(opd_b, nama="Super", is_staff=True, is_superuser=True)


def test_django_admin_needs_the_second_step_of_a_staff_user(superuser):
    client = masuk(superuser)
    assert client.get("/").status_code == 200  # not an admin of the app: optional elsewhere
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(f"{DAFTAR}?next=")
    assert client.get("/admin/ekinerja/pegawai/")["Location"].startswith(DAFTAR)
    perangkat = perangkat_untuk(superuser)
    client = masuk(superuser)
    assert client.get("/admin/")["Location"].startswith(VERIFIKASI)
    client.post(VERIFIKASI, {"kode": kode_sekarang(perangkat.key)})
    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_session(superuser, rf):
    from django.contrib import admin
    from django_otp.middleware import OTPMiddleware

    request = rf.get("/admin/")
    request.user = superuser
    request.session = {}
    OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
    assert admin.site.has_permission(request) is False


def test_django_admins_own_login_sends_to_ours(client, db):
    response = client.get("/admin/login/?next=/admin/ekinerja/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=%2Fadmin%2Fekinerja%2F"



# -- security keys and passkeys (WebAuthn; the ceremony itself: tests/e2e/test_mfa_journey) ---

def kunci_untuk(pegawai, nama="YubiKey"):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=pegawai, name=nama, confirmed=True, credential_id=b"kunci-" + nama.encode(),
        public_key=b"kunci-publik", sign_count=0)


def test_a_person_with_only_a_key_has_a_second_step_and_is_asked_for_it(admin_opd):
    kunci_untuk(admin_opd)
    client = masuk(admin_opd)
    response = client.get("/kelola/pegawai/")
    assert response["Location"].startswith(f"{VERIFIKASI}?next=")
    page = client.get(VERIFIKASI).content.decode()
    assert 'id="passkey-verification-placeholder"' in page
    assert 'name="next" value="/"' in page


def test_an_unverified_session_cannot_add_a_key_to_pass_the_second_step(admin_bkd):
    perangkat_untuk(admin_bkd)
    client = masuk(admin_bkd)
    begin = client.post("/webauthn/registration/begin/", content_type="application/json")
    assert begin.status_code == 403 and begin.json()["code"] == "user_not_verified"
    # the ceremony's pages are open to the second step, nothing else is
    assert client.get("/kelola/pegawai/").status_code == 302


def test_the_ceremonies_are_for_logged_in_people_and_never_a_login(client, db):
    for url in ["/webauthn/registration/begin/", "/webauthn/authentication/begin/"]:
        response = client.post(url, content_type="application/json")
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_an_admin_with_an_app_and_a_key_may_remove_either_but_not_the_last(admin_bkd, login):
    app = perangkat_untuk(admin_bkd)
    key = kunci_untuk(admin_bkd)
    client = login(admin_bkd)
    TOTPDevice.objects.filter(pk=app.pk).update(last_t=-1)  # its login code, once more
    kode = kode_sekarang(app.key)
    assert client.post(f"/akun/mfa/kunci/{key.pk}/hapus/", {"kode": kode}).status_code == 302
    assert AuditLog.objects.filter(action="pegawai.mfa_hapus").count() == 1
    refused = client.post(f"/akun/mfa/perangkat/{app.pk}/hapus/", {"kode": kode})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(pk=app.pk).exists()


def test_another_persons_key_does_not_exist(login, pegawai, pegawai_lain):
    key = kunci_untuk(pegawai_lain)
    client = login(pegawai)
    assert client.get(f"/akun/mfa/kunci/{key.pk}/hapus/").status_code == 404
    assert client.post(f"/akun/mfa/kunci/{key.pk}/hapus/", {"kode": "123456"}).status_code \
        == 404


def test_a_reset_removes_keys_too(login, admin_bkd, admin_opd):
    from django_otp_webauthn.models import WebAuthnCredential

    kunci_untuk(admin_opd)
    assert login(admin_bkd).post(
        f"/kelola/pegawai/{admin_opd.pk}/reset-mfa/").status_code == 302
    assert not WebAuthnCredential.objects.filter(user=admin_opd).exists()
    entry = AuditLog.objects.get(action="pegawai.mfa_reset")
    assert entry.before == {"perangkat": 1}


def test_the_relying_party_is_the_site_or_the_host_asked(rf, settings):
    from ekinerja.mfa import WebAuthnHelper, webauthn_rp_id

    request = rf.get("/", HTTP_HOST="localhost:8000")
    assert webauthn_rp_id(request) == "localhost"
    assert WebAuthnHelper(request=request).get_allowed_origins() == ["http://localhost:8000"]
    settings.SITE_URL = "https://kinerja.jambiprov.go.id"
    assert webauthn_rp_id(request) == "kinerja.jambiprov.go.id"
    assert WebAuthnHelper(request=request).get_allowed_origins() == [
        "https://kinerja.jambiprov.go.id"]


def test_only_a_superuser_resets_a_django_admin_users_factors(login, admin_bkd, bidang_a1):
    staf = staff_of(bidang_a1, is_staff=True)  # in the Admin BKD's scope
    perangkat_untuk(staf)
    response = login(admin_bkd).post(f"/kelola/pegawai/{staf.pk}/reset-mfa/", follow=True)
    assert response.status_code == 200
    assert "Hanya superuser" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staf).exists()
    assert not AuditLog.objects.filter(action="pegawai.mfa_reset").exists()
