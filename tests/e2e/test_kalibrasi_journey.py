"""A calibration session that moves one predikat: the head of a unit opens the calibration
of the year, sees an evaluator's Sangat Baik stand out, brings it to Baik with a reason,
and closes the session with a justification since the distribution is outside the curve."""

from pathlib import Path

from django.utils import timezone

from ekinerja.models import Pegawai
from kinerja.models import TahunKinerja
from penilaian.evaluasi import staf_unit
from penilaian.models import Evaluasi, KalibrasiBaris, PredikatUnit, SesiKalibrasi

from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_a_calibration_session_moves_one_predikat(browser, live_server, demo):
    head = Pegawai.objects.get(nip=demo["atasan"])
    tahun = TahunKinerja.objects.get(tahun=timezone.localdate().year)
    staff = list(staf_unit(head.unit).order_by("nama"))
    for n, person in enumerate(staff):
        Evaluasi.objects.update_or_create(
            pegawai=person, tahun=tahun, nomor=0, defaults={
                "status": "final", "rating_hasil": "sesuai", "rating_perilaku": "sesuai",
                "predikat": "sangat_baik" if n == 0 else "baik", "penilai": head,
                "penilai_nip": head.nip, "penilai_nama": head.nama,
                "difinalkan_pada": timezone.now()})
    PredikatUnit.objects.update_or_create(unit=head.unit, tahun=tahun,
                                          defaults={"predikat": "baik", "final": False,
                                                    "ditetapkan_oleh": head})
    page = _session(browser, live_server, head.nip, width=1280)
    page.goto(f"{live_server.url}/kalibrasi/")
    page.get_by_label("Unit").select_option(str(head.unit.pk))
    page.get_by_role("button", name="Buka kalibrasi tahun").click()
    page.wait_for_selector("#kalibrasi-baris")
    assert "Kecenderungan penilai" in page.locator("body").inner_text()
    target = Evaluasi.objects.get(pegawai=staff[0], nomor=0, tahun=tahun)
    row = page.locator(f"#baris-{target.pk}")
    row.get_by_label("Predikat hasil kalibrasi").select_option("baik")
    row.get_by_label("Alasan").fill("Capaian setara rekan satu seksi")
    row.get_by_role("button", name="Ubah").click()
    page.wait_for_selector(".alert-success")
    assert "Capaian setara rekan satu seksi" in page.locator(f"#baris-{target.pk}").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "kalibrasi.png"), full_page=True)
    # All Baik: outside the curve of an organisation predikat Baik (some must be below).
    assert page.locator("#di-luar-kurva").is_visible()
    page.get_by_label("Justifikasi bila di luar kurva").fill("Seksi kecil, kinerja merata")
    page.get_by_role("button", name="Tutup dan kunci sesi").click()
    page.wait_for_selector("#status-sesi")
    assert "Ditutup dan dikunci" in page.locator("#status-sesi").inner_text()
    target.refresh_from_db()
    assert target.predikat == "baik"
    row = KalibrasiBaris.objects.get(evaluasi=target)
    assert (row.predikat_usul, row.predikat_akhir) == ("sangat_baik", "baik")
    assert SesiKalibrasi.objects.get().alasan_di_luar_kurva == "Seksi kecil, kinerja merata"
