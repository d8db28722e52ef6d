"""Before the suite: are PostgreSQL and Redis reachable? Says how to start them if not."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings_test")

import psycopg2  # noqa: E402
import redis  # noqa: E402

from ekinerja import settings_test as settings  # noqa: E402

HOW = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' "
             "--appendonly no",
}


def main():
    failed = []
    db = settings.DATABASES["default"]
    try:
        psycopg2.connect(dbname="postgres", user=db["USER"], password=db["PASSWORD"],
                         host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                         connect_timeout=3).close()
    except psycopg2.OperationalError as exc:
        failed.append(("PostgreSQL", os.environ["DATABASE_URL"], str(exc).strip()))
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        failed.append(("Redis", settings.REDIS_URL, str(exc).strip()))
    for name, url, error in failed:
        print(f"{name} is not reachable at {url}: {error}", file=sys.stderr)
        print(f"  Start it, e.g.: {HOW[name]}", file=sys.stderr)
        print("  or point DATABASE_URL / REDIS_URL at a running server.", file=sys.stderr)
    if failed:
        sys.exit(2)
    print(f"PostgreSQL and Redis reachable ({db['HOST']}:{db['PORT']}, {settings.REDIS_URL}).")


if __name__ == "__main__":
    main()
