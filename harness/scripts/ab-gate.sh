#!/usr/bin/env bash
# A/B performance gate for any CI: measures the base and head revisions of a change on this
# machine, in lockstep (iterations of both builds taking turns), and fails on a regression.
#   harness/scripts/ab-gate.sh BASE_REV [HEAD_REV] [convbench ab options...]
# Environment: AB_SUMMARY (default ab-summary.md) receives the Markdown verdicts, for a job
# summary or a pull-request comment; AB_OUT (default out/ab-gate) the result files.
# Exit code: the one of `convbench ab` (0 no regression, 1 regression or broken point, 2 bad
# usage, 3 environment). CONVBENCH overrides the command that runs convbench (tests use it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 BASE_REV [HEAD_REV] [convbench ab options...]" >&2
  exit 2
fi
base="$1"; shift
head=()
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then head=("$1"); shift; fi
summary="${AB_SUMMARY:-ab-summary.md}"
out="${AB_OUT:-out/ab-gate}"
${CONVBENCH:-"$ROOT/convbench"} ab "$base" "${head[@]}" --out "$out" --json "$out/verdicts.json" --markdown "$@" >"$summary"
code=$?
cat "$summary"
echo "ab-gate: convbench ab exited $code; Markdown in $summary, files in $out" >&2
exit $code
