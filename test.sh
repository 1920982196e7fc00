#!/usr/bin/env bash
# Runs every test. Publishes kos with Native AOT first (any IL trim/AOT warning fails the run),
# then the unit tests and the integration tests against that binary. Ends with "N passed, N failed, N skipped",
# after naming every skipped test and why.
set -uo pipefail
cd "$(dirname "$0")"
results=.test-results
rm -rf "$results" && mkdir -p "$results"

echo "== publish kos, kos-mcp and kos-serve (Native AOT)"
for project in src/KnowledgeOS.Cli src/KnowledgeOS.Mcp src/KnowledgeOS.Serve; do
  if ! dotnet publish "$project" -c Release -o artifacts/kos 2>&1 | tee -a "$results/publish.log"; then
    echo "publish of $project failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
  fi
done
echo "== pack the .NET tool package (artifacts/packages: what 'dotnet tool install' installs)"
rm -rf artifacts/packages
if ! dotnet pack -c Release 2>&1 | tee -a "$results/publish.log" | grep -E 'Successfully created|error'; then
  echo "dotnet pack failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1
fi
export KOS_PACKAGES="$PWD/artifacts/packages"
aot_warnings=$(grep -cE 'warning (IL[0-9]+|CS[0-9]+)' "$results/publish.log" || true)
echo "AOT binaries: kos $(du -h artifacts/kos/kos | cut -f1), kos-mcp $(du -h artifacts/kos/kos-mcp | cut -f1), kos-serve $(du -h artifacts/kos/kos-serve | cut -f1); trim/AOT warnings: $aot_warnings"
export KOS_BIN="$PWD/artifacts/kos/kos"

status=0
for project in tests/KnowledgeOS.Tests tests/KnowledgeOS.IntegrationTests tests/KnowledgeOS.WorkbenchTests; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" -c Release --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=1
done

# Every end-to-end test again with every project on the team store (PostgreSQL), when one is set up
# (eval "$(tools/postgres-test-db.sh)"; .ci/run does). Tests of the embedded SQLite file itself
# (tampering with ledger.db, its locks, its anchors) are marked Category=LocalLedger and run only above.
if [ -n "${KOS_TEST_PG:-}" ]; then
  echo "== KnowledgeOS.IntegrationTests on the team store (KOS_STORE=PostgreSQL)"
  # A caller's own --filter is combined with this pass's (dotnet test takes one).
  pg_filter="Category!=LocalLedger&Category!=OwnStore"; pg_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --filter) pg_filter="($2)&$pg_filter"; shift 2 ;;
      --filter=*) pg_filter="(${1#--filter=})&$pg_filter"; shift ;;
      *) pg_args+=("$1"); shift ;;
    esac
  done
  KOS_STORE="${KOS_TEST_PG_POOLED:-$KOS_TEST_PG}" dotnet test tests/KnowledgeOS.IntegrationTests -c Release --filter "$pg_filter" \
    --logger "trx;LogFileName=KnowledgeOS.IntegrationTests.postgres.trx" --results-directory "$results" "${pg_args[@]}" || status=1
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  p=$(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$trx" | wc -l); f=$(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | wc -l)
  s=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  # Name each skipped test (and its reason) so a skip never disappears into a count.
  grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$trx" | sed -E 's/.*testName="([^"]*)".*/\1/' | while read -r name; do
    reason=$(grep -F -A6 "testName=\"$name\"" "$trx" | grep -o '<Message>[^<]*' | head -1 | sed 's/<Message>//')
    echo "SKIPPED: $name${reason:+ ($reason)}"
  done
done
if [ "$aot_warnings" -ne 0 ]; then
  echo "FAILED: the Native AOT publish printed $aot_warnings trim/AOT warnings (see $results/publish.log)"
  failed=$((failed + 1)); status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
