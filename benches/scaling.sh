#!/usr/bin/env bash
# How planning grows with the modelled hours: whole-process wall time and peak memory of
# `dcplan plan --no-simulate` (the optimizer alone; the design simulation does not depend
# on the resolution). Two series:
#
# * the ten-year campus (sites/ai-campus.toml, a MILP: relax-and-round in the default build)
#   at rep:4, rep:12 and rep:48, and with `--full` at full resolution (a quarter of an hour);
# * the 8760-hour LP (sites/lp-8760.toml --resolution full) over 1, 2, 5 and 10 years
#   (`--set site.years=N`).
#
# For each series it fits time ∝ hours^k and memory ∝ hours^k by least squares on the logs
# and prints k: 1 is linear. Run on an otherwise idle machine.
#
#   benches/scaling.sh [--full]
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
for a in "$@"; do
  case "$a" in
    --full) full=1 ;;
    *) echo "usage: benches/scaling.sh [--full]" >&2; exit 2 ;;
  esac
done
cargo build --release --quiet -p dcplan-cli
bin=target/release/dcplan
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() { # series, label, then dcplan arguments; appends a row to $out/rows
  local series=$1 label=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$out/time" "$bin" plan "$@" --no-simulate --format json \
    -o "$out/plan.json" --force >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
  read -r secs kb <"$out/time"
  python3 - "$series" "$label" "$secs" "$kb" "$out/plan.json" >>"$out/rows" <<'PY'
import json, sys
series, label, secs, kb, path = sys.argv[1:]
plan = json.load(open(path))
hours = plan["modelled_hours_per_year"] * len(plan["years"])
print(series, label, hours, plan["stats"]["nonzeros"], secs, int(kb) / 1024, plan["status"], sep="\t")
PY
  tail -n 1 "$out/rows" | awk -F'\t' '{printf "%-8s %-10s %8d h %10d nz %8.2f s %7.0f MB  %s\n", $1, $2, $3, $4, $5, $6, $7}'
}

for r in rep:4 rep:12 rep:48; do
  run campus "$r" sites/ai-campus.toml --resolution "$r"
done
[[ $full == 1 ]] && run campus full sites/ai-campus.toml --resolution full
for y in 1 2 5 10; do
  run lp "${y}y" sites/lp-8760.toml --resolution full --set "site.years=$y"
done

python3 - "$out/rows" <<'PY'
import math, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
def slope(xs, ys):
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)
for series in ("campus", "lp"):
    part = [r for r in rows if r[0] == series]
    hours = [float(r[2]) for r in part]
    time = [float(r[4]) for r in part]
    mem = [float(r[5]) for r in part]
    print(f"{series}: time ∝ hours^{slope(hours, time):.2f}, peak memory ∝ hours^{slope(hours, mem):.2f} "
          f"({len(part)} points, {hours[0]:.0f}–{hours[-1]:.0f} modelled hours)")
PY
