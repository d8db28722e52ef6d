from django.test import Client


def test_healthz_is_public_json_and_200_when_everything_answers(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["redis"]["ok"] and body["broker"]["ok"]


def test_healthz_is_503_when_redis_and_the_broker_are_down(db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["ok"] and not body["redis"]["ok"] and not body["broker"]["ok"]


def test_healthz_only_answers_get(db):
    assert Client().post("/healthz").status_code == 405


def test_healthz_is_never_cached(db):
    assert "no-cache" in Client().get("/healthz")["Cache-Control"]
