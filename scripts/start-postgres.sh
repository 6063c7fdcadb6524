#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks, as root, without systemd.
# Installs Debian's postgresql first if it is missing. Prints the connection URL as its last line.
#   PGPORT (default 55432), PGPASS (default encore-test), PGROOT (default /tmp)
# Stop it with: runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" stop
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGPASS=${PGPASS:-encore-test}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
  echo "postgres://postgres:$PGPASS@127.0.0.1:$PGPORT/postgres"
  exit 0
fi
DIR=$(mktemp -d "${PGROOT:-/tmp}/encore-pg.XXXXXX")
chown postgres:postgres "$DIR"
printf '%s\n' "$PGPASS" > "$DIR/pwfile"; chown postgres:postgres "$DIR/pwfile"; chmod 600 "$DIR/pwfile"
runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --no-sync \
  --auth-local=peer --auth-host=scram-sha-256 --pwfile="$DIR/pwfile" > "$DIR/initdb.log"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $DIR -c max_connections=400 -c shared_buffers=256MB ${PGEXTRA:--c fsync=off}" start >/dev/null
"$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"
echo "postgres://postgres:$PGPASS@127.0.0.1:$PGPORT/postgres"
