"""Two-step verification (MFA, docs/mfa.md): after the password, a code from an
authenticator app (TOTP, RFC 6238, django-otp), a security key or passkey (WebAuthn,
django-otp-webauthn) where the browser has one, or one of ten recovery codes.

Required of Admin BKD and Admin OPD (MFA_WAJIB_ADMIN) and of staff on Django's admin;
optional for everyone else, but whoever has an authenticator app is asked for its code at
every login. Wrong codes count towards django-axes' lockout of the NIP, like wrong
passwords.

Recovery codes: django-otp's StaticToken keeps its tokens as given. We give it a keyed
fingerprint of each code (an HMAC under SECRET_KEY, 16 hex digits) instead of the code,
and fingerprint what people type before django-otp compares: the codes themselves are
shown once and stored nowhere, and a copy of the database without the key does not yield
them. Changing SECRET_KEY therefore voids every recovery code (people make new ones).
"""

import re
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import urlencode, urlsplit

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_otp_webauthn.helpers import WebAuthnHelper as _WebAuthnHelperDasar

from .audit import audit_record

JUMLAH_KODE_PEMULIHAN = 10
# Whether the person has an authenticator app, kept in the session at login so that the
# middleware asks no query on every page of everyone.
KUNCI_SESI = "mfa_perangkat"
# The secret of an app being added, until its first code confirms it (no half-made device
# is stored).
KUNCI_BARU = "mfa_kunci_baru"

POLA_TOTP = re.compile(r"^\d{6}$")
POLA_PEMULIHAN = re.compile(r"^[a-z2-7]{8}$")  # StaticToken.random_token(): base32, 40 bits


def wajib(user):
    """Whether the person must use two-step verification: Admin BKD and Admin OPD (the
    same test as access.admin_scope, without loading the scope)."""
    return bool(settings.MFA_WAJIB_ADMIN and user.is_authenticated and user.aktif
                and user.admin_scope_id is not None)


def normalisasi_kode(raw):
    """The code as typed, without spaces or dashes, in lower case (recovery codes are
    shown as abcd-efgh)."""
    return re.sub(r"[\s-]+", "", str(raw or "")).lower()


def sidik_pemulihan(kode):
    """What is stored for a recovery code (see the module's docstring)."""
    return salted_hmac("ekinerja.mfa.pemulihan", kode, algorithm="sha256").hexdigest()[:16]


def rahasia_tampil(kunci):
    """The secret for typing into an app by hand: base32 in groups of four."""
    teks = b32encode(unhexlify(kunci)).decode().rstrip("=")
    return " ".join(teks[i:i + 4] for i in range(0, len(teks), 4))


def qr_data_uri(*, pegawai, kunci):
    """The otpauth:// QR code for the app, as an SVG data: URI (CSP img-src allows data:)."""
    uri = TOTPDevice(user=pegawai, key=kunci, name="").config_url
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def kunci_baru():
    return random_hex(20)


def totp_cocok(kunci, kode):
    """The time step `kode` belongs to, if it is the app's current code (one step either
    side for a slow phone clock); else None."""
    totp = TOTP(unhexlify(kunci))
    return totp.t() if totp.verify(int(kode), tolerance=1) else None


# -- reads ---------------------------------------------------------------------------------

def perangkat_totp(pegawai):
    return TOTPDevice.objects.devices_for_user(pegawai, confirmed=True).order_by("id")


def kunci_keamanan(pegawai):
    """The person's security keys and passkeys (WebAuthn)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.filter(user=pegawai, confirmed=True).order_by("id")


def jumlah_perangkat(pegawai):
    return perangkat_totp(pegawai).count() + kunci_keamanan(pegawai).count()


def punya_perangkat(pegawai):
    """Whether the person has a second factor of their own: an app or a security key
    (recovery codes only stand in for them)."""
    return perangkat_totp(pegawai).exists() or kunci_keamanan(pegawai).exists()


def sisa_kode_pemulihan(pegawai):
    return StaticToken.objects.filter(device__user=pegawai, device__confirmed=True).count()


def boleh_hapus(perangkat):
    """An admin who must use two-step verification keeps at least one app or key."""
    return not (wajib(perangkat.user) and jumlah_perangkat(perangkat.user) <= 1)


def perlu_verifikasi(request):
    """Whether the session must pass the person's second step before managing factors:
    they have one now (asked of the database: a session opened before they set one up
    elsewhere must not make recovery codes or add an app of its own) and this session has
    not given it."""
    punya = punya_perangkat(request.user)
    request.session[KUNCI_SESI] = punya
    return punya and not request.user.is_verified()


def punya_perangkat_sesi(request):
    punya = request.session.get(KUNCI_SESI)
    if punya is None:
        punya = request.session[KUNCI_SESI] = punya_perangkat(request.user)
    return punya


def _catat_saat_masuk(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[KUNCI_SESI] = punya_perangkat(user)


user_logged_in.connect(_catat_saat_masuk, dispatch_uid="ekinerja-mfa-masuk")


# -- writes --------------------------------------------------------------------------------

def _buat_kode_pemulihan(pegawai):
    perangkat, _created = StaticDevice.objects.get_or_create(
        user=pegawai, defaults={"name": "pemulihan", "confirmed": True})
    perangkat.token_set.all().delete()
    kode = []
    while len(kode) < JUMLAH_KODE_PEMULIHAN:
        token = StaticToken.random_token()
        if token not in kode:
            kode.append(token)
    StaticToken.objects.bulk_create(
        StaticToken(device=perangkat, token=sidik_pemulihan(k)) for k in kode)
    return [f"{k[:4]}-{k[4:]}" for k in kode]


@transaction.atomic
def mfa_totp_aktifkan(*, pegawai, kunci, nama, t):
    """Store the app whose code for time step `t` the person just typed, confirmed (that
    code cannot be used again). Returns (device, recovery codes): new codes, shown once,
    when the person had none; else []."""
    perangkat = TOTPDevice(user=pegawai, key=kunci, name=nama[:64], confirmed=True,
                           last_t=t)
    perangkat.full_clean()
    perangkat.save()
    kode = [] if sisa_kode_pemulihan(pegawai) else _buat_kode_pemulihan(pegawai)
    audit_record(actor=pegawai, action="pegawai.mfa_aktif", target=pegawai,
                 after={"perangkat": perangkat.name})
    return perangkat, kode


@transaction.atomic
def mfa_pemulihan_buat(*, pegawai):
    """Ten new recovery codes in place of the old ones; returns them (shown once)."""
    if not punya_perangkat(pegawai):
        raise ValidationError(_("Add an authenticator app first: recovery codes stand in "
                                "for it when the phone is not at hand."))
    kode = _buat_kode_pemulihan(pegawai)
    audit_record(actor=pegawai, action="pegawai.mfa_pemulihan", target=pegawai,
                 after={"jumlah": len(kode)})
    return kode


@transaction.atomic
def mfa_perangkat_hapus(*, perangkat, actor):
    """Remove one of the person's apps; with the last one go the recovery codes (two-step
    verification is then off). Returns whether the person still has an app."""
    pegawai = perangkat.user
    from .models import Pegawai

    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()  # one at a time
    if not boleh_hapus(perangkat):
        raise ValidationError(_("Two-step verification is required for admins: add another "
                                "authenticator app before removing this one."))
    nama = perangkat.name
    perangkat.delete()
    masih = punya_perangkat(pegawai)
    if not masih:
        StaticDevice.objects.filter(user=pegawai).delete()
    audit_record(actor=actor, action="pegawai.mfa_hapus", target=pegawai,
                 before={"perangkat": nama})
    return masih


@transaction.atomic
def mfa_reset(*, pegawai, actor):
    """An admin removes every app and recovery code of the person (a lost phone); they set
    it up again at their next login if it is required of them."""
    from django_otp_webauthn.models import WebAuthnCredential

    if (pegawai.is_staff or pegawai.is_superuser) and not actor.is_superuser:
        # With a password reset it would hand over a Django admin account.
        raise ValidationError(_("Only a superuser may reset the two-step verification of "
                                "a Django admin user."))
    jumlah = (TOTPDevice.objects.filter(user=pegawai).count()
              + WebAuthnCredential.objects.filter(user=pegawai).count())
    TOTPDevice.objects.filter(user=pegawai).delete()
    WebAuthnCredential.objects.filter(user=pegawai).delete()
    StaticDevice.objects.filter(user=pegawai).delete()
    audit_record(actor=actor, action="pegawai.mfa_reset", target=pegawai,
                 before={"perangkat": jumlah})


@transaction.atomic
def mfa_kode_periksa(*, pegawai, kode):
    """Check a normalised code against the person's apps or recovery codes (a recovery
    code is used up). Returns (device that accepted it or None, whether every device was
    holding back after earlier wrong codes: django-otp's growing delay)."""
    if POLA_TOTP.match(kode):
        daftar, token = list(perangkat_totp(pegawai).select_for_update()), kode
    else:
        daftar = list(StaticDevice.objects.devices_for_user(pegawai, confirmed=True)
                      .select_for_update())
        token = sidik_pemulihan(kode)
    boleh = [p for p in daftar if p.verify_is_allowed()[0]]
    for perangkat in boleh:
        if perangkat.verify_token(token):
            return perangkat, False
    return None, bool(daftar) and not boleh


# -- security keys and passkeys (WebAuthn) --------------------------------------------------

def webauthn_rp_id(request):
    """The relying party of a WebAuthn ceremony (OTP_WEBAUTHN_RP_ID_CALLABLE): the host of
    SITE_URL, else the host the request came to (one of ALLOWED_HOSTS). A key is bound
    to it: changing the address makes people add their keys again."""
    return urlsplit(settings.SITE_URL or f"//{request.get_host()}").hostname


def webauthn_kunci_tercatat(*, pegawai, perangkat):
    """A key or passkey just added through django-otp-webauthn's ceremony: audited, and
    recovery codes made when it is the person's first factor. Returns the new codes
    (shown once) or []."""
    kode = [] if sisa_kode_pemulihan(pegawai) else _buat_kode_pemulihan(pegawai)
    audit_record(actor=pegawai, action="pegawai.mfa_aktif", target=pegawai,
                 after={"perangkat": perangkat.name or "WebAuthn"})
    return kode


class WebAuthnHelper(_WebAuthnHelperDasar):
    """The origins a ceremony may come from: SITE_URL, else the request's own (its host
    is one of ALLOWED_HOSTS; behind the proxy, https per SECURE_PROXY_SSL_HEADER)."""

    def get_allowed_origins(self):
        if settings.SITE_URL:
            return [settings.SITE_URL]
        return [f"{self.request.scheme}://{self.request.get_host()}"]


# -- the gate ------------------------------------------------------------------------------

class MfaMiddleware:
    """Who needs the second step and has not passed it sees only its page: the code page
    when they have an app, else the page adding one (with `next`). Modelled on
    ForcePasswordChangeMiddleware; logging out stays open, the password change only while
    an admin-issued password must be changed first, and so do the public pages
    (`login_not_required`: the health check, the language switch, ...), which need no
    login at all. Django's admin marks its pages public, as it checks logins itself: it is
    gated here by its path, and people log in to it through /masuk/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        ke_admin = request.path.startswith(reverse("admin:index"))
        if not user.is_authenticated:
            if request.path == reverse("admin:login"):
                tujuan = request.GET.get("next") or reverse("admin:index")
                return redirect(f"{reverse('login')}?{urlencode({'next': tujuan})}")
            return None
        if not ke_admin and getattr(view_func, "login_required", True) is False:
            return None
        if request.resolver_match and request.resolver_match.namespace == "otp_webauthn":
            # The key's ceremonies are the second step itself; django-otp-webauthn lets a
            # person who has a factor add a key only once verified.
            return None
        tujuan = self._tujuan(request, user, ke_admin)
        if tujuan is None:
            return None
        if request.headers.get("HX-Request"):
            # A background poll must not swap the code page into a badge.
            return HttpResponse(status=204)
        return redirect(f"{reverse(tujuan)}?{urlencode({'next': request.get_full_path()})}")

    def _tujuan(self, request, user, ke_admin):
        punya = punya_perangkat_sesi(request)
        if not (punya or wajib(user) or (ke_admin and (user.is_staff or user.is_superuser))):
            return None
        if user.is_verified():
            return None
        if not punya:
            # Asked again before sending to the page adding one: an app may have been set
            # up in another session since this one began.
            punya = request.session[KUNCI_SESI] = punya_perangkat(user)
        tujuan = "mfa_verifikasi" if punya else "mfa_daftar"
        bebas = [tujuan, "logout"]
        if user.harus_ganti_password:
            bebas.append("password_change")  # an admin-issued password is changed first
        if request.path in [reverse(name) for name in bebas]:
            return None
        return tujuan
