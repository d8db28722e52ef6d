"""The container stack (compose.yaml, deploy/) says what the Procfile says, which the smoke
test runs: the same release step and processes, a health check on every long-running
service, exactly one beat, persistent volumes for the database and the uploads, a proxy
body limit that lets the largest upload through, and an example environment without
secrets. (No container engine runs here; this keeps the files honest.)"""

import re
from pathlib import Path

import yaml
from django.conf import settings

from ekinerja.procfile import procfile

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def _command(service):
    command = SERVICES[service]["command"]
    if command[:2] == ["sh", "-c"]:
        return command[2]
    return " ".join(command)


def test_the_release_step_is_the_procfiles():
    assert _command("release") == procfile()["release"]


def test_the_processes_are_the_procfiles():
    strip = re.compile(r"\s*--(bind|workers|concurrency)\s+\S+")
    procs = procfile()
    for service, entry in [("web", "web"), ("web-masuk", "web"), ("worker", "worker"),
                           ("beat", "beat")]:
        assert strip.sub("", _command(service)) == strip.sub("", procs[entry]), service


def test_every_long_running_service_has_a_health_check():
    for name, service in SERVICES.items():
        if name != "release":
            assert "healthcheck" in service, name
    assert SERVICES["release"]["restart"] == "no"


def test_exactly_one_beat():
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert sum("beat" in _command(name) for name in SERVICES if "command" in SERVICES[name]) == 1


def test_the_database_and_the_uploads_persist():
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    media = re.search(r"MEDIA_ROOT=(\S+)", dockerfile).group(1)
    for name in ("web", "web-masuk", "worker", "beat"):
        volumes = SERVICES[name].get("volumes", []) + COMPOSE["x-app"]["volumes"]
        assert f"media:{media}" in volumes, name
    assert {"pgdata", "media", "beat"} <= set(COMPOSE["volumes"])


def test_the_proxy_takes_the_largest_upload_and_says_https():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1)) * 1024 * 1024
    assert limit > max(settings.IMPORT_MAX_BYTES, settings.BUKTI_MAX_BYTES)
    assert "proxy_set_header X-Forwarded-Proto https;" in conf
    assert "location = /masuk/ { proxy_pass http://ekinerja_masuk; }" in conf


def test_the_image_holds_what_the_processes_need():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    for part in ["ekinerja", "kinerja", "penilaian", "pelatihan", "templates", "static",
                 "locale", "manage.py", "Procfile"]:
        assert re.search(rf"^COPY .*\b{re.escape(part)}\b", dockerfile, re.M), part


def test_the_example_environment_names_every_required_variable_and_holds_no_secret():
    lines = dict(line.split("=", 1) for line in
                 (ROOT / "deploy" / "ekinerja.env.example").read_text().splitlines()
                 if line and not line.startswith("#"))
    for name in ["SECRET_KEY", "AUDIT_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS",
                 "CSRF_TRUSTED_ORIGINS", "SITE_URL", "PROXY_COUNT", "POSTGRES_PASSWORD"]:
        assert name in lines, name
    assert lines["SECRET_KEY"] == lines["AUDIT_KEY"] == lines["POSTGRES_PASSWORD"] == ""
    assert lines["PROXY_COUNT"] == "1"
