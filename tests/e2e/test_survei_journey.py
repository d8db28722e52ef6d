"""The public's voice: a citizen opens a service unit's survey from the link on its QR
poster on a phone, without logging in, and answers it; the night's computation runs on a
real worker; the head of the unit sees the IKM move. Screenshots are kept as artifacts."""

import time
from pathlib import Path

from ekinerja.models import Pegawai
from penilaian.models import NilaiIKM, UnitLayanan
from penilaian.tasks import ikm_hitung_terbuka

from ..pdf_files import read_pdf
from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_a_citizen_answers_and_the_head_sees_the_ikm_move(browser, live_server, demo,
                                                         celery_worker, client):
    unit = UnitLayanan.objects.select_related("unit").get(nama="Loket Uji Kendaraan Bermotor")
    head = Pegawai.objects.get(jabatan__kepala_unit=True, jabatan__unit=unit.unit)
    before = NilaiIKM.objects.get(unit_layanan=unit)

    boss = _session(browser, live_server, head.nip, width=1200)
    boss.goto(f"{live_server.url}/ikm/{unit.pk}/")
    assert boss.locator("#ikm-nilai").inner_text() == str(before.ikm).replace(".", ",")
    survey_url = boss.locator("#survei-url").inner_text()
    client.force_login(head)  # the poster, read back: its QR link is the survey page
    _text, links = read_pdf(client.get(f"/ikm/{unit.pk}/poster/"))
    assert links == [f"http://testserver/survei/{unit.token}/"]
    assert survey_url.endswith(f"/survei/{unit.token}/")

    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    citizen = context.new_page()
    citizen.goto(f"{live_server.url}/survei/{unit.token}/")
    assert citizen.locator("script").count() == 0 and citizen.locator("a").count() == 0
    citizen.get_by_label("Uji berkala kendaraan").check()
    for fieldset in citizen.locator("fieldset:has(.skala)").all():
        fieldset.get_by_text("Sangat baik").click()
    citizen.locator("textarea[name=komentar]").fill("Cepat dan jelas, terima kasih.")
    SHOTS.mkdir(exist_ok=True)
    citizen.screenshot(path=str(SHOTS / "survei-warga.png"), full_page=True)
    citizen.get_by_role("button", name="Kirim penilaian").click()
    assert "Terima kasih" in citizen.locator("#terima-kasih").inner_text()
    context.close()

    ikm_hitung_terbuka.delay()  # the night's run, on a worker
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and NilaiIKM.objects.get(
            unit_layanan=unit).responden == before.responden:
        time.sleep(0.5)
    boss.reload()
    after = NilaiIKM.objects.get(unit_layanan=unit)
    assert after.responden == before.responden + 1 and after.ikm > before.ikm
    assert boss.locator("#ikm-nilai").inner_text() == str(after.ikm).replace(".", ",")
    assert "Cepat dan jelas" in boss.locator("#komentar").inner_text()
    boss.screenshot(path=str(SHOTS / "ikm-kepala.png"), full_page=True)
    boss.context.close()
