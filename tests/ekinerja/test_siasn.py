"""The SIASN client (ekinerja.siasn) against a fake SIASN on 127.0.0.1
(tests/siasn_palsu.py): both tokens sent and kept, a token expired mid-run, a 500 then
success, throttling with Retry-After, a refusal with its reason, a refusal inside a 200,
no answer at all, and the secrets kept out of messages and logs."""

import logging

import pytest

from ekinerja.siasn import SiasnClient, SiasnError
from ekinerja.siasn_palsu import API, CLIENT_SECRET, PASSWORD, SiasnPalsu

NIP = "198503302010011004"
DATA = {"id": "A8ACA7397AEB3912E040640A040269BB", "nipBaru": NIP, "nama": "Budi Santoso",
        "unorNama": "Bidang Mutasi", "jabatanNama": "Analis Kepegawaian Ahli Muda"}


@pytest.fixture
def siasn():
    with SiasnPalsu() as server:
        server.pns[NIP] = DATA
        yield server


def test_both_tokens_go_with_every_call_and_are_kept(siasn):
    client = siasn.client()
    assert client.pns(NIP) == DATA
    assert client.pns(NIP) == DATA
    assert len(siasn.requests_to("/oauth2/token")) == 1
    assert len(siasn.requests_to("/sso/token")) == 1
    headers = siasn.requests_to(f"{API}/pns/data-utama/{NIP}")[0][2]
    assert headers["Authorization"].startswith("Bearer apim-")
    assert headers["Auth"].startswith("bearer sso-")


def test_a_token_expired_mid_run_is_taken_again(siasn):
    client = siasn.client()
    client.pns(NIP)
    siasn.cabut_token()
    assert client.pns(NIP) == DATA
    assert len(siasn.requests_to("/oauth2/token")) == 2
    # Asked three times: once before, once refused (401), once again with new tokens.
    assert len(siasn.requests_to(f"{API}/pns/data-utama/{NIP}")) == 3


def test_a_500_then_success(siasn):
    pauses = []
    client = siasn.client(sleep=pauses.append)
    siasn.gagal(f"{API}/pns/data-utama/{NIP}", 500, 502)
    assert client.pns(NIP) == DATA
    assert pauses == [1, 2]  # growing pauses
    assert len(siasn.requests_to(f"{API}/pns/data-utama/{NIP}")) == 3


def test_throttling_waits_as_siasn_asks(siasn):
    pauses = []
    client = siasn.client(sleep=pauses.append)
    siasn.gagal(f"{API}/referensi/ref-unor",
                (429, {"code": "900800", "message": "Message throttled out"},
                 {"Retry-After": "7"}))
    assert client.unor() == []
    assert pauses == [7]


def test_the_units_come_page_by_page(siasn):
    siasn.unor = [{"Id": f"U{n}", "NamaUnor": f"Unit {n}", "DiatasanId": "U0"}
                  for n in range(7)]
    assert [u["Id"] for u in siasn.client().unor(per_page=3)] == [f"U{n}" for n in range(7)]
    assert len(siasn.requests_to(f"{API}/referensi/ref-unor")) == 3


def test_an_unknown_nip_is_none(siasn):
    assert siasn.client().pns("199001012015011001") is None


def test_failing_every_time_ends_with_a_clear_indonesian_error(siasn):
    client = siasn.client(retries=2)
    siasn.gagal(f"{API}/pns/data-utama/{NIP}", 503, 503, 503)
    with pytest.raises(SiasnError) as exc:
        client.pns(NIP)
    assert exc.value.status == 503
    assert "SIASN sedang sibuk atau gagal (HTTP 503)" in exc.value.pesan
    assert "coba lagi" in exc.value.pesan


def test_a_refusal_says_siasns_reason_and_is_not_retried(siasn):
    client = siasn.client()
    siasn.gagal(f"{API}/pns/data-utama/{NIP}",
                (400, {"message": "Format NIP tidak valid"}, {}))
    with pytest.raises(SiasnError) as exc:
        client.pns(NIP)
    assert exc.value.status == 400 and exc.value.alasan == "Format NIP tidak valid"
    assert "SIASN menolak" in exc.value.pesan and "Format NIP tidak valid" in exc.value.pesan
    assert len(siasn.requests_to(f"{API}/pns/data-utama/{NIP}")) == 1


def test_a_refusal_inside_a_200_is_an_error_too(siasn):
    client = siasn.client()
    record = client.simpan("/kinerjaperiodik/save", {"tahun": 2026, "periodikId": 1},
                           what="kinerja periodik")
    again = client.simpan("/kinerjaperiodik/save", {"id": record, "tahun": 2026},
                          what="kinerja periodik")
    assert record and again == record
    assert len(siasn.saved["/kinerjaperiodik/save"]) == 1  # sent again: updated, not doubled
    skp = client.simpan("/skp22/save", {"tahun": 2026}, what="SKP")  # mapData: the id itself
    assert skp and skp != record
    with pytest.raises(SiasnError) as exc:
        client.simpan("/kinerjaperiodik/save", {"id": "tidak-ada"}, what="kinerja periodik")
    assert exc.value.alasan == "Data riwayat tidak ditemukan"


def test_an_expired_token_twice_says_the_credentials_are_refused(siasn):
    client = siasn.client()
    siasn.gagal(f"{API}/pns/data-utama/{NIP}",
                (401, {"code": "900901", "message": "Invalid Credentials"}, {}),
                (401, {"code": "900901", "message": "Invalid Credentials"}, {}))
    with pytest.raises(SiasnError) as exc:
        client.pns(NIP)
    assert exc.value.status == 401 and exc.value.alasan == "Invalid Credentials"
    assert "kredensial" in exc.value.pesan


def test_wrong_credentials_say_so(siasn):
    client = siasn.client(client_secret="salah")
    with pytest.raises(SiasnError) as exc:
        client.pns(NIP)
    assert exc.value.status == 401 and "Client Authentication failed" in exc.value.alasan


def test_no_answer_at_all_is_retried_then_reported_without_secrets(silent_port, caplog):
    caplog.set_level(logging.DEBUG)
    pauses = []
    client = SiasnClient(base_url=f"http://127.0.0.1:{silent_port}/api",
                         token_url=f"http://127.0.0.1:{silent_port}/token",
                         sso_url=f"http://127.0.0.1:{silent_port}/sso",
                         client_id="id", client_secret=CLIENT_SECRET, sso_client_id="c",
                         username="u", password=PASSWORD, timeout=1, retries=1,
                         sleep=pauses.append)
    with pytest.raises(SiasnError) as exc:
        client.pns(NIP)
    assert exc.value.status is None and "tidak dapat dihubungi" in exc.value.pesan
    assert pauses == [1]
    text = caplog.text + str(exc.value) + repr(client)
    assert CLIENT_SECRET not in text and PASSWORD not in text


def test_unconfigured_siasn_says_so(settings):
    settings.SIASN = {**settings.SIASN, "BASE_URL": ""}
    with pytest.raises(SiasnError) as exc:
        SiasnClient.from_settings()
    assert "SIASN_BASE_URL" in exc.value.pesan
