"""The audit log as a chain of seals: entries sealed as they commit, and a check that names
the first entry changed, removed or slipped in behind the application's back; the BKD
page and command; each person's own history; the BKD search by person."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from ekinerja.audit import audit_periksa, audit_record, audit_segel
from ekinerja.models import AuditLog, PemeriksaanAudit, RantaiAudit


@pytest.fixture
def chain(pegawai, admin_bkd, django_capture_on_commit_callbacks):
    """Five sealed entries, each written and committed as a service would."""
    entries = []
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            entries.append(audit_record(actor=admin_bkd, action=f"uji.{n}", target=pegawai,
                                        after={"n": n, "nilai": "90.50", "teks": "é"}))
    return [AuditLog.objects.get(pk=e.pk) for e in entries]


def _tamper(sql, params=()):
    """What someone with the database but without the application can do."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE ekinerja_auditlog DISABLE TRIGGER "
                       "ekinerja_auditlog_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE ekinerja_auditlog ENABLE TRIGGER "
                       "ekinerja_auditlog_append_only")


def test_entries_are_sealed_in_order_as_they_commit(chain):
    # (The fixtures' own entries, written in the same transaction, come first.)
    first = chain[0].urutan
    assert [e.urutan for e in chain] == list(range(first, first + 5))
    assert chain[1].hash_sebelum == chain[0].hash and chain[4].hash_sebelum == chain[3].hash
    assert AuditLog.objects.get(urutan=1).hash_sebelum == ""
    assert RantaiAudit.objects.get().urutan == chain[4].urutan
    check = audit_periksa()
    assert check.utuh and check.hasil["diperiksa"] == chain[4].urutan


def test_an_entry_is_not_sealed_until_its_transaction_commits(pegawai, admin_bkd,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = audit_record(actor=admin_bkd, action="uji.x", target=pegawai)
    assert AuditLog.objects.get(pk=entry.pk).urutan is None and len(callbacks) == 1


def test_the_database_lets_only_an_empty_seal_be_written(chain):
    with pytest.raises(DatabaseError), transaction.atomic():  # a sealed entry stays sealed
        AuditLog.objects.filter(pk=chain[0].pk).update(urutan=None)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=chain[0].pk).update(hash="0" * 64)


def test_a_changed_entry_is_named(chain):
    _tamper("UPDATE ekinerja_auditlog SET after = %s WHERE id = %s",
            ['{"n": 2, "nilai": "100.00", "teks": "é"}', chain[2].pk])
    check = audit_periksa()
    assert not check.utuh
    assert (check.hasil["rusak"]["id"], check.hasil["rusak"]["alasan"]) == (chain[2].pk,
                                                                            "diubah")


def test_a_removed_entry_is_named_by_the_one_after_it(chain):
    _tamper("DELETE FROM ekinerja_auditlog WHERE id = %s", [chain[1].pk])
    broken = audit_periksa().hasil["rusak"]
    assert (broken["id"], broken["alasan"]) == (chain[2].pk, "hilang")


def test_removing_the_last_entries_shows_at_the_head(chain):
    _tamper("DELETE FROM ekinerja_auditlog WHERE id = %s", [chain[4].pk])
    assert audit_periksa().hasil["rusak"]["alasan"] == "ujung"


def test_an_entry_slipped_in_is_caught_sealed_or_not(chain, pegawai):
    # Inserted without a seal, an hour ago: nothing in the application seals it.
    _tamper("INSERT INTO ekinerja_auditlog (waktu, actor_nip, action, target_type, target_id,"
            " target_repr, hash_sebelum, hash) VALUES (%s, '', 'uji.palsu', 'ekinerja.pegawai',"
            " %s, 'x', '', '')", [timezone.now() - dt.timedelta(hours=1), str(pegawai.pk)])
    broken = audit_periksa().hasil["rusak"]
    assert (broken["alasan"], broken["action"]) == ("tanpa_segel", "uji.palsu")
    # Inserted with a made-up seal at the next place: the HMAC needs the key.
    _tamper("DELETE FROM ekinerja_auditlog WHERE action = 'uji.palsu'")
    _tamper("INSERT INTO ekinerja_auditlog (waktu, actor_nip, action, target_type, target_id,"
            " target_repr, urutan, hash_sebelum, hash) VALUES (now(), '', 'uji.palsu',"
            " 'ekinerja.pegawai', %s, 'x', %s, %s, %s)",
            [str(pegawai.pk), chain[4].urutan + 1, chain[4].hash, "f" * 64])
    broken = audit_periksa().hasil["rusak"]
    assert (broken["alasan"], broken["urutan"]) == ("diubah", chain[4].urutan + 1)


def test_a_bulk_import_is_sealed_in_one_go(admin_bkd, instansi,
                                           django_capture_on_commit_callbacks):
    from ekinerja.impor import audit_bulk

    from ..factories import UnitKerjaFactory

    units = [UnitKerjaFactory(parent=instansi, jenis="dinas") for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        audit_bulk(admin_bkd, "unit", units, [], ["kode", "nama"])
    assert len(callbacks) == 1
    places = list(AuditLog.objects.filter(action="unit.import_create")
                  .values_list("urutan", flat=True).order_by("urutan"))
    assert len(places) == 3 and places == list(range(places[0], places[0] + 3))
    assert audit_periksa().utuh


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(pegawai, admin_bkd):
    errors = []

    def write(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=admin_bkd, action=f"uji.{n}.{i}", target=pegawai)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditLog.objects.filter(urutan__isnull=True).count() == 0
    check = audit_periksa()
    assert check.utuh and check.hasil["diperiksa"] == AuditLog.objects.count()


def test_the_command_and_a_knowing_seal(chain, pegawai, capsys):
    call_command("audit_periksa")
    assert "chain intact" in capsys.readouterr().out
    _tamper("INSERT INTO ekinerja_auditlog (waktu, actor_nip, action, target_type, target_id,"
            " target_repr, hash_sebelum, hash) VALUES (%s, '', 'uji.hilang_segel',"
            " 'ekinerja.pegawai', %s, 'x', '', '')",
            [timezone.now() - dt.timedelta(hours=2), str(pegawai.pk)])
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_periksa")
    assert exit_.value.code == 1 and "tanpa_segel" in capsys.readouterr().out
    call_command("audit_segel", "--daftar")
    assert "uji.hilang_segel" in capsys.readouterr().out
    call_command("audit_segel", "--semua")
    assert AuditLog.objects.filter(action="audit.segel_manual").exists()
    assert audit_segel(semua=True) == 1  # the record of the manual seal itself
    assert audit_periksa().utuh


def test_the_bkd_page(chain, pegawai, admin_opd, admin_bkd, login):
    assert Client().get("/kelola/audit/rantai/").status_code == 302
    for user in (pegawai, admin_opd):
        assert login(user).get("/kelola/audit/rantai/").status_code == 403
    audit_periksa(actor=admin_bkd)
    body = login(admin_bkd).get("/kelola/audit/rantai/").content.decode()
    assert chain[4].hash in body and "utuh" in body


def test_a_check_requested_from_the_page_runs_on_the_worker(celery_worker, pegawai, admin_bkd,
                                                            login):
    audit_record(actor=admin_bkd, action="uji.a", target=pegawai)
    response = login(admin_bkd).post("/kelola/audit/rantai/")
    assert response.status_code == 302
    for _ in range(100):
        check = PemeriksaanAudit.objects.filter(oleh=admin_bkd).first()
        if check:
            break
        threading.Event().wait(0.1)
    assert check is not None and check.utuh
    assert check.hasil["diperiksa"] == AuditLog.objects.count()  # the request was audited


def test_everyone_sees_the_history_of_their_own_records(pegawai, pegawai_lain, atasan, login,
                                                        django_assert_max_num_queries):
    from pelatihan.jalur import jalur_pastikan
    from pelatihan.models import JalurBelajar, Partisipasi

    jalur_pastikan()
    mine = Partisipasi.objects.create(pegawai=pegawai, nama="Latihan", penyelenggara="X",
                                      jalur=JalurBelajar.objects.get(kode="NKL01"),
                                      mulai=dt.date(2026, 1, 5), selesai=dt.date(2026, 1, 5),
                                      jp_klaim=4)
    theirs = Partisipasi.objects.create(pegawai=pegawai_lain, nama="Lain", penyelenggara="X",
                                        jalur=mine.jalur, mulai=mine.mulai,
                                        selesai=mine.selesai, jp_klaim=4)
    audit_record(actor=atasan, action="pelatihan.verifikasi", target=mine,
                 before={"jp_diakui": None}, after={"jp_diakui": 3})
    audit_record(actor=atasan, action="pegawai.update", target=pegawai,
                 before={"golongan": "III/a", "email": None},
                 after={"golongan": "III/b", "email": None})
    audit_record(actor=atasan, action="pelatihan.verifikasi", target=theirs)
    client = login(pegawai)
    with django_assert_max_num_queries(10):
        body = client.get("/riwayat/").content.decode()
    # Sentences with names, labels and "dari ... menjadi ...": no codes, NIPs or seals.
    assert "Atasan Satu memverifikasi" in body and "Latihan”" in body and "Lain”" not in body
    assert "Atasan Satu mengubah" in body and "dari III/a menjadi III/b" in body
    assert "dari – menjadi 3" in body
    for raw in ("pelatihan.verifikasi", atasan.nip, "None", "{", "hash"):
        assert raw not in body.split('id="riwayat"')[1], raw
    for n in range(30):  # more entries, on more records: the same queries
        audit_record(actor=atasan, action="pegawai.update", target=mine if n % 2 else pegawai,
                     before={"nama": f"A{n}"}, after={"nama": f"B{n}"})
    with django_assert_max_num_queries(10):
        assert client.get("/riwayat/?page=1").status_code == 200
    assert Client().get("/riwayat/").status_code == 302


def test_bkd_searches_by_person(pegawai, pegawai_lain, atasan, admin_opd, admin_bkd, login):
    audit_record(actor=atasan, action="uji.tentang_pegawai", target=pegawai)
    audit_record(actor=atasan, action="uji.tentang_lain", target=pegawai_lain)
    body = login(admin_bkd).get("/kelola/audit/", {"pegawai": pegawai.nip}).content.decode()
    assert "uji.tentang_pegawai" in body and "uji.tentang_lain" not in body
    response = login(admin_opd).get("/kelola/audit/", {"pegawai": pegawai_lain.nip})
    assert response.status_code == 400
    assert "Tidak ada pegawai dengan NIP ini" in response.content.decode()
