#!/usr/bin/env bash
# Whole-process timings of `dcplan plan` (wall seconds, peak resident MB, objective, gap):
# every sample at its default resolution, the one-year 8760-hour LP, and optionally
# (`--full`) the ten-year campus at full resolution (about a quarter of an hour). Add
# `--highs` to also plan the campus with HiGHS to a 0.1 % gap (needs `--features highs`).
#
#   benches/plan.sh [--full] [--highs]
#
# Uses GNU time (/usr/bin/time) for the peak memory. Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
full=0 highs=0
for a in "$@"; do
  case "$a" in
    --full) full=1 ;;
    --highs) highs=1 ;;
    *) echo "usage: benches/plan.sh [--full] [--highs]" >&2; exit 2 ;;
  esac
done
features=()
[[ $highs == 1 ]] && features=(--features highs)
cargo build --release --quiet "${features[@]}"
bin=target/release/dcplan
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() { # label, then dcplan arguments
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$bin" plan "$@" --format json -o "$out/plan.json" >/dev/null
  read -r secs kb <"$out/time"
  python3 - "$label" "$secs" "$kb" "$out/plan.json" <<'PY'
import json, sys
label, secs, kb, path = sys.argv[1:]
plan = json.load(open(path))
gap = plan["stats"].get("gap") or 0.0
print(f"{label:<34} {float(secs):7.2f} s {int(kb) / 1024:8.0f} MB   "
      f"NPV {plan['objective_npv_usd'] / 1e6:12,.1f} M$  {plan['status']} (gap {gap:.2%})")
PY
}

for site in colo-retrofit nordic-hydro desert-hyperscale ai-campus; do
  run "$site (default rep:12)" "sites/$site.toml"
done
run "lp-8760 (full, one year)" sites/lp-8760.toml --resolution full
[[ $highs == 1 ]] && run "ai-campus rep:12, HiGHS 0.1 %" sites/ai-campus.toml --solver highs --mip-gap 0.001
[[ $full == 1 ]] && run "ai-campus (full, ten years)" sites/ai-campus.toml --resolution full
exit 0
