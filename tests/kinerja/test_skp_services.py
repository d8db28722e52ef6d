"""Every rule of the SKP: content, cascading, weights, targets, lifecycle, revisions."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ekinerja.models import AuditLog, Notifikasi
from kinerja import services
from kinerja.models import Iki, Rhk, Skp, SkpVersi, TargetPeriode

from .conftest import approve, build_skp


def _messages(exc):
    return " ".join(exc.value.messages)


def test_a_new_skp_has_the_seven_berakhlak_values(pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    assert list(skp.perilaku.values_list("nilai", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert skp.jabatan == pegawai.jabatan and skp.status == "draft"


def test_a_second_skp_for_the_same_year_and_post_is_refused(pegawai, tahun):
    services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    assert "sudah memiliki SKP" in _messages(exc)
    assert Skp.objects.count() == 1


def test_a_transfer_starts_a_new_skp_and_keeps_the_old(pegawai, tahun, bidang_b1):
    from ekinerja.models import Jabatan
    from ekinerja.services import pegawai_save

    old = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    pegawai.jabatan = Jabatan.objects.create(kode="B1-BARU", nama="Analis", jenis="pelaksana",
                                             kelas_jabatan=7, unit=bidang_b1)
    pegawai.unit = bidang_b1
    pegawai_save(pegawai=pegawai, actor=None)
    new = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    assert new.pk != old.pk and new.unit == bidang_b1
    assert Skp.objects.filter(pegawai=pegawai).count() == 2


def test_nobody_starts_or_edits_someone_elses_skp(pegawai, atasan, tahun):
    with pytest.raises(ValidationError):
        services.skp_create(pegawai=pegawai, tahun=tahun, actor=atasan)
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x"), actor=atasan)
    assert "Hanya pegawai" in _messages(exc)
    assert not Rhk.objects.exists()


def test_intervensi_must_be_an_approved_rhk_of_the_current_atasan(pegawai, tahun, skp_atasan,
                                                                  pegawai_lain):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    stranger = build_skp(pegawai_lain, tahun, uraian="Lain")
    with pytest.raises(ValidationError) as exc:
        services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x",
                                  intervensi=stranger.rhk.first()), actor=pegawai)
    assert "intervensi" in exc.value.message_dict
    services.skp_revise(skp=skp_atasan, actor=skp_atasan.pegawai)  # no longer approved
    with pytest.raises(ValidationError):
        services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x",
                                  intervensi=skp_atasan.rhk.first()), actor=pegawai)
    assert not skp.rhk.exists()


def test_only_a_head_of_opd_links_to_an_organisation_goal(pegawai, tahun, sasaran):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x", sasaran=sasaran),
                          actor=pegawai)
    assert "sasaran" in exc.value.message_dict


@pytest.mark.parametrize("target", ["0", "-5"])
def test_a_target_of_zero_or_below_is_refused(pegawai, tahun, target):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x"), actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.iki_save(iki=Iki(rhk=rhk, nama="x", aspek="kuantitas", satuan="x",
                                  target=Decimal(target), bobot=100), actor=pegawai)
    assert "target" in exc.value.message_dict
    assert not Iki.objects.exists()


def test_a_range_needs_an_upper_bound_above_the_target(pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", uraian="x"), actor=pegawai)
    iki = Iki(rhk=rhk, nama="Waktu layanan", aspek="waktu", satuan="hari", arah="rentang",
              agregasi="rata", target=Decimal("2"), target_atas=Decimal("1"), bobot=100)
    with pytest.raises(ValidationError):
        services.iki_save(iki=iki, actor=pegawai)
    iki.target_atas = Decimal("4")
    iki = services.iki_save(iki=iki, actor=pegawai)
    assert {t.target for t in iki.target_periode.all()} == {Decimal("2")}


def test_additive_targets_split_evenly_and_sum_to_the_annual(skp_pegawai):
    iki = Iki.objects.get(rhk__skp=skp_pegawai)
    targets = [t.target for t in iki.target_periode.order_by("periode__nomor")]
    assert targets == [Decimal("10")] * 12
    iki.target = Decimal("100")
    services.iki_save(iki=iki, actor=skp_pegawai.pegawai)
    targets = [t.target for t in iki.target_periode.order_by("periode__nomor")]
    assert sum(targets) == Decimal("100") and targets[0] == Decimal("8.33")


def test_period_targets_that_do_not_sum_to_the_annual_are_refused(skp_pegawai):
    iki = Iki.objects.get(rhk__skp=skp_pegawai)
    values = {t.periode_id: t.target for t in iki.target_periode.all()}
    first = min(values)
    values[first] += 1
    with pytest.raises(ValidationError) as exc:
        services.targets_save(iki=iki, values=values, actor=skp_pegawai.pegawai)
    assert "121" in _messages(exc)
    assert TargetPeriode.objects.get(iki=iki, periode_id=first).target == Decimal("10")
    values[first] -= 1
    values[max(values)] -= 1
    values[first] += 1
    services.targets_save(iki=iki, values=values, actor=skp_pegawai.pegawai)
    assert TargetPeriode.objects.get(iki=iki, periode_id=first).target == Decimal("11")


def test_submit_refuses_weights_not_summing_to_100(pegawai, tahun, skp_atasan):
    skp = build_skp(pegawai, tahun, parent=skp_atasan.rhk.first(), bobot="90")
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(skp=skp, actor=pegawai)
    assert "90" in _messages(exc) and "100" in _messages(exc)
    skp.refresh_from_db()
    assert skp.status == "draft"


def test_submit_refuses_a_main_rhk_without_intervensi(pegawai, tahun, skp_atasan):
    skp = build_skp(pegawai, tahun)
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(skp=skp, actor=pegawai)
    assert "atasan" in _messages(exc)


def test_submit_refuses_an_skp_without_a_main_rhk(pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.skp_submit(skp=skp, actor=pegawai)
    assert "Utama" in _messages(exc)


def test_the_full_lifecycle_with_return_and_resubmit(skp_pegawai, atasan):
    pegawai = skp_pegawai.pegawai
    services.skp_submit(skp=skp_pegawai, actor=pegawai)
    with pytest.raises(ValidationError):
        services.rhk_save(rhk=Rhk(skp=skp_pegawai, jenis="tambahan", uraian="x"),
                          actor=pegawai)
    with pytest.raises(ValidationError):
        services.skp_return(skp=skp_pegawai, actor=atasan, catatan=" ")
    services.skp_return(skp=skp_pegawai, actor=atasan, catatan="Target terlalu rendah")
    assert skp_pegawai.status == "dikembalikan"
    assert skp_pegawai.catatan_atasan == "Target terlalu rendah"
    returned = Notifikasi.objects.get(penerima=pegawai, jenis="skp_dikembalikan")
    assert returned.pesan == "Target terlalu rendah" and returned.tautan.endswith(
        f"/skp/{skp_pegawai.pk}/")
    iki = Iki.objects.get(rhk__skp=skp_pegawai)
    iki.target = Decimal("240")
    services.iki_save(iki=iki, actor=pegawai)
    services.skp_submit(skp=skp_pegawai, actor=pegawai)
    services.skp_approve(skp=skp_pegawai, actor=atasan)
    assert skp_pegawai.status == "disetujui"
    assert skp_pegawai.atasan_nip == atasan.nip
    assert Notifikasi.objects.filter(penerima=pegawai, jenis="skp_disetujui").count() == 1
    assert skp_pegawai.atasan_jabatan == atasan.jabatan.nama
    version = SkpVersi.objects.get(skp=skp_pegawai)
    assert version.isi["rhk"][0]["iki"][0]["target"] == "240.00"
    actions = list(AuditLog.objects.filter(target_type="kinerja.skp", target_id=str(
        skp_pegawai.pk)).values_list("action", flat=True))
    assert {"skp.submit", "skp.return", "skp.approve"} <= set(actions)


def test_only_the_current_atasan_approves(skp_pegawai, kepala_a, pegawai_lain):
    services.skp_submit(skp=skp_pegawai, actor=skp_pegawai.pegawai)
    for wrong in (skp_pegawai.pegawai, kepala_a, pegawai_lain):
        with pytest.raises(ValidationError):
            services.skp_approve(skp=skp_pegawai, actor=wrong)
    skp_pegawai.refresh_from_db()
    assert skp_pegawai.status == "diajukan"


def test_an_approved_skp_changes_only_through_a_revision(skp_pegawai, atasan):
    approve(skp_pegawai)
    with pytest.raises(ValidationError) as exc:
        services.rhk_save(rhk=Rhk(skp=skp_pegawai, jenis="tambahan", uraian="x"),
                          actor=skp_pegawai.pegawai)
    assert "revisi" in _messages(exc).lower()
    services.skp_revise(skp=skp_pegawai, actor=skp_pegawai.pegawai)
    assert (skp_pegawai.status, skp_pegawai.versi) == ("draft", 2)
    services.rhk_save(rhk=Rhk(skp=skp_pegawai, jenis="tambahan", uraian="Tugas tambahan"),
                      actor=skp_pegawai.pegawai)
    tambahan = skp_pegawai.rhk.get(jenis="tambahan")
    services.iki_save(iki=Iki(rhk=tambahan, nama="Jumlah kegiatan", aspek="kuantitas",
                              satuan="kegiatan", target=Decimal("4"), bobot=Decimal("50")),
                      actor=skp_pegawai.pegawai)
    assert tambahan.iki.get().bobot == 0  # only Utama IKIs carry weight
    approve(skp_pegawai)
    history = list(skp_pegawai.riwayat.values_list("nomor", flat=True))
    assert history == [2, 1]
    assert len(SkpVersi.objects.get(skp=skp_pegawai, nomor=1).isi["rhk"]) == 1
    assert len(SkpVersi.objects.get(skp=skp_pegawai, nomor=2).isi["rhk"]) == 2


def test_the_atasan_sets_specific_expectations(skp_pegawai, atasan):
    services.skp_submit(skp=skp_pegawai, actor=skp_pegawai.pegawai)
    services.perilaku_save(skp=skp_pegawai, ekspektasi={1: "Responsif terhadap aduan"},
                           actor=atasan)
    assert skp_pegawai.perilaku.get(nilai=1).ekspektasi_khusus == "Responsif terhadap aduan"
    with pytest.raises(ValidationError):
        services.perilaku_save(skp=skp_pegawai, ekspektasi={1: "x"}, actor=skp_pegawai.pegawai)


def test_a_parent_rhk_that_is_supported_cannot_be_deleted(skp_atasan, skp_pegawai):
    services.skp_revise(skp=skp_atasan, actor=skp_atasan.pegawai)
    with pytest.raises(ValidationError):
        services.rhk_delete(rhk=skp_atasan.rhk.first(), actor=skp_atasan.pegawai)


def test_two_approvals_at_once_give_one_transition(transactional_db, skp_pegawai, atasan):
    services.skp_submit(skp=skp_pegawai, actor=skp_pegawai.pegawai)
    barrier, results = threading.Barrier(2), []

    def decide(action):
        from django.db import connection

        barrier.wait()
        try:
            action()
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(lambda: services.skp_approve(
            skp=Skp.objects.get(pk=skp_pegawai.pk), actor=atasan),)),
        threading.Thread(target=decide, args=(lambda: services.skp_return(
            skp=Skp.objects.get(pk=skp_pegawai.pk), actor=atasan, catatan="Perbaiki"),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert any("baru saja diubah" in r for r in results if r != "ok"), results
    assert SkpVersi.objects.filter(skp=skp_pegawai).count() == (
        1 if Skp.objects.get(pk=skp_pegawai.pk).status == "disetujui" else 0)


def test_the_atasan_is_told_when_an_skp_is_submitted(skp_pegawai, pegawai, atasan):
    services.skp_submit(skp=skp_pegawai, actor=pegawai)
    note = Notifikasi.objects.get(penerima=atasan, jenis="skp_diajukan")
    assert pegawai.nama in note.judul and note.tautan == f"/skp/{skp_pegawai.pk}/"
