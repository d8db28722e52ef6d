"""Who is whose atasan: the org chart, the override, moves, vacancies and cycles."""

import pytest
from django.core.exceptions import ValidationError

from ekinerja.models import Pegawai
from ekinerja.selectors import SupervisorCycle, atasan_chain, atasan_for, bawahan_for
from ekinerja.services import pegawai_save

from ..factories import UnitKerjaFactory, head_of, staff_of


def test_staff_report_to_the_head_of_their_unit(pegawai, atasan):
    assert atasan_for(pegawai) == atasan


def test_a_head_reports_to_the_head_of_the_parent_unit(atasan, kepala_a):
    assert atasan_for(atasan) == kepala_a


def test_the_head_of_an_opd_has_no_atasan_in_the_system(kepala_a):
    # PermenPANRB 6/2022: the pejabat penilai of a JPT Pratama is the kepala daerah.
    assert atasan_for(kepala_a) is None


def test_a_vacant_head_post_passes_to_the_next_head_up(opd_a, kepala_a):
    seksi = UnitKerjaFactory(jenis="sub_unit", parent=UnitKerjaFactory(parent=opd_a))
    staff = staff_of(seksi)
    assert atasan_for(staff) == kepala_a


def test_an_inactive_head_does_not_supervise(pegawai, atasan, kepala_a):
    atasan.aktif = False
    pegawai_save(pegawai=atasan, actor=None)
    assert atasan_for(pegawai) == kepala_a


def test_the_override_wins_over_the_org_chart(pegawai, kepala_a):
    pegawai.atasan_override = kepala_a
    pegawai_save(pegawai=pegawai, actor=None)
    assert atasan_for(Pegawai.objects.get(pk=pegawai.pk)) == kepala_a


def test_an_override_to_an_inactive_person_falls_back_to_the_org_chart(pegawai, atasan,
                                                                       pegawai_lain):
    pegawai.atasan_override = pegawai_lain
    pegawai_save(pegawai=pegawai, actor=None)
    pegawai_lain.aktif = False
    pegawai_save(pegawai=pegawai_lain, actor=None)
    assert atasan_for(Pegawai.objects.get(pk=pegawai.pk)) == atasan


def test_moving_a_person_changes_their_atasan(pegawai, bidang_b1, pegawai_lain):
    head_b1 = head_of(bidang_b1)
    from ekinerja.models import Jabatan

    pegawai.jabatan = Jabatan.objects.create(kode="B1-STAFF", nama="Staf", jenis="pelaksana",
                                             kelas_jabatan=5, unit=bidang_b1)
    pegawai.unit = bidang_b1
    pegawai_save(pegawai=pegawai, actor=None)
    assert atasan_for(pegawai) == head_b1
    assert pegawai in bawahan_for(head_b1)


def test_moving_a_unit_moves_the_atasan_of_its_head(atasan, opd_b, kepala_a):
    from ekinerja.services import unit_kerja_save

    head_b = head_of(opd_b, jenis_jabatan="jpt_pratama")
    unit = atasan.unit
    unit.parent = opd_b
    unit_kerja_save(unit=unit, actor=None)
    atasan.refresh_from_db()
    assert atasan_for(atasan) == head_b


def test_a_cycle_through_the_override_is_refused(pegawai, atasan):
    atasan.atasan_override = pegawai
    with pytest.raises(ValidationError) as exc:
        pegawai_save(pegawai=atasan, actor=None)
    assert "atasan_override" in exc.value.message_dict
    atasan.refresh_from_db()
    assert atasan.atasan_override_id is None


def test_atasan_chain_detects_a_cycle_written_behind_the_services_back(pegawai, atasan):
    Pegawai.objects.filter(pk=atasan.pk).update(atasan_override=pegawai)
    with pytest.raises(SupervisorCycle):
        atasan_chain(Pegawai.objects.get(pk=pegawai.pk))


def test_atasan_chain_walks_to_the_top(pegawai, atasan, kepala_a):
    assert atasan_chain(pegawai) == [atasan, kepala_a]


def test_bawahan_is_the_exact_inverse_of_atasan(opd_a, kepala_a, atasan, pegawai):
    sub = UnitKerjaFactory(jenis="sub_unit", parent=atasan.unit)
    kasi = head_of(sub)
    staff = [staff_of(sub) for _ in range(3)]
    vacant = UnitKerjaFactory(jenis="sub_unit", parent=atasan.unit)
    orphan = staff_of(vacant)
    fungsional = staff_of(sub, atasan_override=atasan)
    people = [kepala_a, atasan, pegawai, kasi, orphan, fungsional, *staff]
    for boss in people:
        expected = {p.pk for p in people if (a := atasan_for(p)) and a.pk == boss.pk}
        assert {p.pk for p in bawahan_for(boss)} == expected, boss


def test_atasan_for_uses_a_constant_number_of_queries(django_assert_num_queries, pegawai):
    fresh = Pegawai.objects.select_related("unit", "jabatan").get(pk=pegawai.pk)
    with django_assert_num_queries(2):
        atasan_for(fresh)
