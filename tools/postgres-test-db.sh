#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster (Debian) and creates the test database and its two roles:
#   kos_owner  owns the database and the kos schema: it runs the migrations
#   kos_app    what kos runs as day to day: no ownership, so it can never UPDATE/DELETE/TRUNCATE events
# With PgBouncer installed (Debian: pgbouncer), also starts a local pooled broker for the hooks on a Unix socket
# (session pooling; trust on a socket only this machine's root and postgres can open): KOS_TEST_PG_POOLED.
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
if command -v pgbouncer >/dev/null; then
  BROKER=${KOS_PG_BROKER_DIR:-/tmp/kos-pgbouncer}
  mkdir -p "$BROKER" && chmod 700 "$BROKER"
  cat > "$BROKER/pgbouncer.ini" <<INI
[databases]
$DB = host=127.0.0.1 port=5432 dbname=$DB
[pgbouncer]
listen_addr =
listen_port = 6432
unix_socket_dir = $BROKER
unix_socket_mode = 0700
auth_type = hba
auth_hba_file = $BROKER/hba.conf
auth_file = $BROKER/userlist.txt
pool_mode = session
max_client_conn = 500
default_pool_size = 20
logfile = $BROKER/pgbouncer.log
pidfile = $BROKER/pgbouncer.pid
INI
  printf 'local all all trust\n' > "$BROKER/hba.conf"
  printf '"kos_app" "%s"\n"kos_owner" "%s"\n' "$PW" "$PW" > "$BROKER/userlist.txt"
  chown -R postgres "$BROKER"
  if [ -f "$BROKER/pgbouncer.pid" ] && kill -0 "$(cat "$BROKER/pgbouncer.pid")" 2>/dev/null; then
    kill -HUP "$(cat "$BROKER/pgbouncer.pid")"   # reload the password
  else
    runuser -u postgres -- pgbouncer -d "$BROKER/pgbouncer.ini" >/dev/null
  fi
  for _ in $(seq 1 50); do [ -S "$BROKER/.s.PGSQL.6432" ] && break; sleep 0.1; done
  echo "export KOS_TEST_PG_POOLED='postgresql://kos_app@/$DB?host=$BROKER&port=6432'"
fi
