#!/bin/sh
# First start of the PostgreSQL container: one role per service database, each owning its database;
# the urne in its own database with its own role. CONNECT is revoked from PUBLIC on every database,
# so a role opens its own database only (the urne's role cannot read the vote database).
set -eu
create() {  # database role password
  psql -v ON_ERROR_STOP=1 --username postgres --dbname postgres \
    --set=db="$1" --set=role="$2" --set=password="$3" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
}
create idp idp "$IDP_DB_PASSWORD"
create vote vote "$VOTE_DB_PASSWORD"
create urne urne "$URNE_DB_PASSWORD"
create franceconnect franceconnect "$FC_DB_PASSWORD"
create trace trace "$TRACE_DB_PASSWORD"
