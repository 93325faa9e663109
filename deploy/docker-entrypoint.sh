#!/bin/sh
# Entrypoint of the nea-coop image (deploy/Dockerfile): one image, four services.
#
#   docker-entrypoint.sh [start|migrate|serve|COMMAND...]
#
#   start    (default) alembic upgrade head for the service, then exec uvicorn
#   migrate  alembic upgrade head only
#   serve    exec uvicorn only
#   console  exec uvicorn with the cooperation console (no database: nothing to migrate)
#   other    exec'd as given, e.g. `python` or `bash`
#
# The service is NEACOOP_SERVICE_NAME (registry, meetings, roadmap or notifications); it listens on
# NEACOOP_HTTP_HOST (default 0.0.0.0) and NEACOOP_HTTP_PORT, with WEB_CONCURRENCY uvicorn workers (default
# 1; each a full replica of the service). The migrations read NEACOOP_DATABASE_URL.
# Paths are relative to the working directory, /app in the image.
set -eu

fail() {
    echo "docker-entrypoint: $*" >&2
    exit 64
}

service_name() {
    name="${NEACOOP_SERVICE_NAME:-}"
    case "$name" in
        "" | *[!a-z_]*) fail "set NEACOOP_SERVICE_NAME to one of: registry, meetings, roadmap, notifications (got '$name')" ;;
    esac
    [ -f "services/$name/alembic.ini" ] || fail "unknown service '$name': no services/$name/alembic.ini in $(pwd)"
    printf '%s' "$name"
}

migrate() {
    name="$(service_name)"
    [ -n "${NEACOOP_DATABASE_URL:-}" ] || fail "set NEACOOP_DATABASE_URL (postgresql+asyncpg://role:password@host:port/database)"
    echo "docker-entrypoint: $name: alembic upgrade head" >&2
    python -m alembic -c "services/$name/alembic.ini" upgrade head
}

serve() {
    name="$(service_name)"
    port="${NEACOOP_HTTP_PORT:-}"
    case "$port" in
        "" | *[!0-9]*) fail "set NEACOOP_HTTP_PORT to the service's TCP port (got '$port')" ;;
    esac
    host="${NEACOOP_HTTP_HOST:-0.0.0.0}"
    workers="${WEB_CONCURRENCY:-1}"
    case "$workers" in
        "" | *[!0-9]* | 0) fail "set WEB_CONCURRENCY to a number of uvicorn workers, 1 or more (got '$workers')" ;;
    esac
    echo "docker-entrypoint: $name: serving on $host:$port with $workers worker(s)" >&2
    # exec: uvicorn becomes PID 1 and receives the SIGTERM of `docker stop` / Kubernetes directly; with
    # several workers it is their supervisor, and passes the signal on.
    exec python -m uvicorn "$name.main:create_app" --factory --host "$host" --port "$port" --workers "$workers"
}

# The console (console/): its settings are console.config.ConsoleSettings (the page in
# NEACOOP_CONSOLE_STATIC_DIR, the services at NEACOOP_<SERVICE>_URL).
console() {
    port="${NEACOOP_HTTP_PORT:-}"
    case "$port" in
        "" | *[!0-9]*) fail "set NEACOOP_HTTP_PORT to the console's TCP port (got '$port')" ;;
    esac
    host="${NEACOOP_HTTP_HOST:-0.0.0.0}"
    echo "docker-entrypoint: console: serving on $host:$port" >&2
    exec python -m uvicorn console.main:create_app --factory --host "$host" --port "$port"
}

command="${1:-start}"
case "$command" in
    start)
        migrate
        serve
        ;;
    migrate)
        migrate
        ;;
    serve)
        serve
        ;;
    console)
        console
        ;;
    *)
        exec "$@"
        ;;
esac
