#!/usr/bin/env bash
# Writes a new migration from the difference between the schema at a git revision
# (default HEAD) and the schema in the working tree:
#   npm run db:migration -- add_routing [BASE_REV]
# Offline `prisma migrate dev` cannot create migrations here (the WebAssembly engine asks for
# a shadow-database factory the pg adapter does not give it), but a datamodel-to-datamodel
# diff needs no database at all. The tests apply every migration to a fresh database.
set -euo pipefail
name=${1:?usage: npm run db:migration -- NAME [BASE_REV]}
base=${2:-HEAD}
cd "$(dirname "$0")/.."

previous=$(mktemp --suffix=.prisma)
trap 'rm -f "$previous"' EXIT
git show "$base:prisma/schema.prisma" > "$previous"

sql=$(npx prisma migrate diff --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null | grep -v '^Loaded Prisma config')
if ! grep -qE '^(CREATE|ALTER|DROP)' <<<"$sql"; then
  echo "prisma/schema.prisma has no changes against $base: nothing to migrate." >&2
  exit 1
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "wrote $dir/migration.sql"
