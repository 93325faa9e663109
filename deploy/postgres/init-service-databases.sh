#!/usr/bin/env bash
# One login role and one database owned by it for each nea-coop service, as the native launcher
# (deploy/devstack) makes them. Run by the postgres image from /docker-entrypoint-initdb.d, once, when
# the data volume is empty (docker-compose.yml mounts it there).
#
# Passwords: NEACOOP_DB_PASSWORD_<SERVICE> (e.g. NEACOOP_DB_PASSWORD_REGISTRY), else the service's name,
# as in the native launcher: a local stack. Set them (and the same in the services' NEACOOP_DATABASE_URL,
# which docker-compose.yml does from the same variables) for anything shared.
#
# The postgres image either executes this file or, when it is not executable, sources it: no `exit`, no
# `set -u`, and names unlikely to clash with its own.
set -eo pipefail

for neacoop_service in registry meetings roadmap notifications; do
    neacoop_password_var="NEACOOP_DB_PASSWORD_${neacoop_service^^}"
    neacoop_password="${!neacoop_password_var:-$neacoop_service}"
    echo "nea-coop: role and database '$neacoop_service'"
    # Names and passwords reach the SQL as psql variables, quoted by format(%I, %L): no injection.
    psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
        --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
        --set=service="$neacoop_service" --set=password="$neacoop_password" <<'SQL'
SELECT format('%s ROLE %I WITH LOGIN PASSWORD %L',
              CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'service') THEN 'ALTER' ELSE 'CREATE' END,
              :'service', :'password')
\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'service', :'service')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'service')
\gexec
-- Each service reaches its own database only.
SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', :'service')
\gexec
SQL
done
