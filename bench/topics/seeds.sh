#!/usr/bin/env bash
# How much a topic model's quality owes to its seed: Entente's fit (the topics stage's settings)
# and MALLET, each run once per seed on the same documents, scored the same way as run.sh does.
#
#   bench/topics/seeds.sh bbc WORK_DIR [SEEDS...]     # default seeds: 1 2 3 4 5
#
# Needs what run.sh needs, and a warehouse with silver/article_terms for the corpus in
# $WAREHOUSE (run.sh builds one). ENTENTE_ARGS adds options to Entente's fit (--gibbs-sweeps 0,
# say). Writes WORK_DIR/seed-S/ (docs.tsv, entente/, mallet/, results.md) and WORK_DIR/seeds.md,
# the rows of every seed in one table.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CORPUS="${1:?usage: bench/topics/seeds.sh bbc|reuters|ungdc WORK_DIR [SEEDS...]}"
WORK="${2:?usage: bench/topics/seeds.sh bbc|reuters|ungdc WORK_DIR [SEEDS...]}"
shift 2
SEEDS=("$@")
[ ${#SEEDS[@]} -gt 0 ] || SEEDS=(1 2 3 4 5)
: "${WAREHOUSE:?set WAREHOUSE to a warehouse holding silver/article_terms for $CORPUS}"
THREADS="${THREADS:-2}"
MALLET_ITERATIONS="${MALLET_ITERATIONS:-1000}"
case "$CORPUS" in
  bbc) LABELS=id-prefix; K="${K:-5}" ;;
  reuters|ungdc) LABELS=none; K="${K:-20}" ;;
  *) echo "seeds.sh: unknown corpus $CORPUS" >&2; exit 2 ;;
esac
MASTER="local[$THREADS]"
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

mkdir -p "$WORK"
CP_FILE="$WORK/mallet-classpath.txt"
if [ ! -s "$CP_FILE" ]; then
  mvn -q -B -f "$HERE/mallet-pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2
fi
MALLET_CP="$(cat "$CP_FILE")"

for S in "${SEEDS[@]}"; do
  OUT="$WORK/seed-$S"
  rm -rf "$OUT"
  mkdir -p "$OUT/mallet"
  echo "seeds.sh: seed $S: entente (load $(load)) ..." >&2
  # shellcheck disable=SC2086
  "$REPO/bin/entente" bench-topics export --warehouse "$WAREHOUSE" --k "$K" --labels "$LABELS" --out "$OUT" \
    --master "$MASTER" --seed "$S" ${ENTENTE_ARGS:-}
  java -cp "$MALLET_CP" cc.mallet.classify.tui.Csv2Vectors --input "$OUT/docs.tsv" --output "$OUT/mallet/docs.mallet" \
    --keep-sequence --token-regex '[^ ]+' >&2
  L=$(load)
  echo "seeds.sh: seed $S: mallet (load $L) ..." >&2
  t0=$(now)
  java -cp "$MALLET_CP" cc.mallet.topics.tui.TopicTrainer --input "$OUT/mallet/docs.mallet" --num-topics "$K" \
    --num-iterations "$MALLET_ITERATIONS" --num-threads "$THREADS" --random-seed "$S" --num-top-words 10 \
    --output-topic-keys "$OUT/mallet/topics.txt" --output-doc-topics "$OUT/mallet/doc_topics.tsv" \
    > "$OUT/mallet/train.log" 2>&1
  t1=$(now)
  cat > "$OUT/mallet/fit.properties" <<PROPS
tool=MALLET 2.1.1 TopicTrainer
settings=$MALLET_ITERATIONS iterations, $THREADS threads, seed $S, alpha 5/k, beta 0.01 (defaults)
k=$K
fit_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
fit_includes=the TopicTrainer process: JVM start, reading the instance file, sampling, writing topic keys and doc topics
load=$L
PROPS
  "$REPO/bin/entente" bench-topics score --dir "$OUT" --corpus "$CORPUS" --out "$OUT/results.md" --master "$MASTER"
done
{
  head -2 "$WORK/seed-${SEEDS[0]}/results.md" | grep '^|' || true
  for S in "${SEEDS[@]}"; do grep "^| $CORPUS " "$WORK/seed-$S/results.md"; done
} > "$WORK/seeds.md"
echo "seeds.sh: wrote $WORK/seeds.md" >&2
