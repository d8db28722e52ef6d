"""A real OpenID Connect provider for the SSO tests (django-oauth-toolkit), run as a
subprocess of the test run on 127.0.0.1: a tiny Django project of its own (`settings`),
started by `fixture.op_jalan` through its management command `op_jalan`.

Its people are auth.User with the NIP as username; the ID token and userinfo carry it as
the "nip" claim (scope profile), as BKN's Keycloak is to do."""

CLIENT_ID = "ekinerja-uji"
CLIENT_SECRET = "rahasia-klien-uji-yang-panjang-0123456789"
# A second client of the same provider: its tokens are not for us (aud).
CLIENT_ID_LAIN = "aplikasi-lain"
CLIENT_SECRET_LAIN = "rahasia-aplikasi-lain-yang-panjang-987654321"
PASSWORD = "kata-sandi-op-uji"
# The provider's people. Women's NIPs (digit 15 is 2): tests/factories.make_nip gives men's,
# so the cast never holds these by chance.
NIP_TERDAFTAR = "198703152010012005"  # the test gives e-kinerja a Pegawai with it
NIP_ASING = "199001012015032001"  # a valid NIP e-kinerja does not know
NIP_CACAT = "12345"  # no NIP at all
