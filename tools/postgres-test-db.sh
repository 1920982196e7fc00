#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster (Debian) and creates the test database and its two roles:
#   kos_owner  owns the database and the kos schema: it runs the migrations
#   kos_app    what kos runs as day to day: no ownership, so it can never UPDATE/DELETE/TRUNCATE events
# Prints the variables the tests read (eval "$(tools/postgres-test-db.sh)"). Needs root (pg_ctlcluster, runuser).
set -euo pipefail
VER=${PG_VERSION:-15}
DB=${KOS_PG_DB:-kos_test}
PW=${KOS_PG_PASSWORD:-kos-test-$( (cat /etc/machine-id 2>/dev/null || od -An -N6 -tx1 /dev/urandom) | sha256sum | cut -c1-12)}
pg_ctlcluster "$VER" main start >/dev/null 2>&1 || true
for _ in $(seq 1 50); do runuser -u postgres -- pg_isready -q && break; sleep 0.2; done
psql_su() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_su <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kos_owner') THEN CREATE ROLE kos_owner LOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kos_app') THEN CREATE ROLE kos_app LOGIN; END IF;
END \$\$;
ALTER ROLE kos_owner PASSWORD '$PW';
ALTER ROLE kos_app PASSWORD '$PW';
SQL
if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql_su -c "CREATE DATABASE $DB OWNER kos_owner" >/dev/null
fi
echo "export KOS_TEST_PG_OWNER=postgresql://kos_owner:$PW@127.0.0.1:5432/$DB"
echo "export KOS_TEST_PG=postgresql://kos_app:$PW@127.0.0.1:5432/$DB"
