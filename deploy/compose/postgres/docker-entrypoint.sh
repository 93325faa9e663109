#!/bin/bash
# The stand-in PostgreSQL's entrypoint: the part of the official image's docker-entrypoint.sh that
# docker-compose.yml relies on. An empty PGDATA is initialised with the superuser POSTGRES_USER (postgres)
# and POSTGRES_PASSWORD; POSTGRES_DB is created; every file of /docker-entrypoint-initdb.d runs once, in
# name order (*.sh executed when executable, else sourced; *.sql through psql), on a server reachable
# through its unix socket only, so that nothing connects before they are done. Then `postgres` is exec'd.
set -Eeo pipefail

fail() {
    echo "postgres: $*" >&2
    exit 64
}

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || fail "set POSTGRES_PASSWORD: the superuser's password (the database is uninitialised)"
    export POSTGRES_USER="${POSTGRES_USER:-postgres}"
    export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
        --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA"
    printf '\nhost all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

    pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
    if [ "$POSTGRES_DB" != 'postgres' ]; then
        psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
            --set=db="$POSTGRES_DB" <<<"SELECT format('CREATE DATABASE %I', :'db') \gexec"
    fi
    for init_file in /docker-entrypoint-initdb.d/*; do
        case "$init_file" in
            *.sh)
                if [ -x "$init_file" ]; then
                    echo "postgres: running $init_file"
                    "$init_file"
                else
                    echo "postgres: sourcing $init_file"
                    # shellcheck disable=SC1090
                    . "$init_file"
                fi
                ;;
            *.sql)
                echo "postgres: running $init_file"
                psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$init_file"
                ;;
            *) [ -e "$init_file" ] && echo "postgres: ignoring $init_file" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo "postgres: initialised; starting"
fi

exec "$@"
