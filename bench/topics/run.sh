#!/usr/bin/env bash
# The topic-model benchmark: Entente's LDA, gensim LdaMulticore and MALLET on the same tokenised
# documents, with the same k, in one run on one machine, scored the same way (mean NPMI of each
# topic's top 10 terms over document co-occurrence, purity against labels where there are any).
#
#   bench/topics/run.sh bbc     [WORK_DIR]   # BBC News 2004-2005, 2,225 articles, 5 categories, k=5
#   bench/topics/run.sh ungdc   [WORK_DIR]   # UN General Debate speeches 1946-2024, no labels, k=20
#   bench/topics/run.sh reuters [WORK_DIR]   # Reuters-21578 (1987), 15,000+ newswire stories, k=20
#
# Installs nothing. Needs: Java 17 and Maven (MALLET 2.1.1 is resolved from Maven Central into
# ~/.m2 through bench/topics/mallet-pom.xml), Debian's python3 with gensim
# (apt-get install -y python3-gensim), the shared corpora under $SHARED (default ../shared/data).
#
# Environment:
#   WAREHOUSE          a warehouse holding silver/article_terms for the corpus; built (ingest +
#                      annotate) when it has none. Default: WORK_DIR/warehouse. Only read.
#   K                  number of topics (default 5 for bbc, 20 for ungdc)
#   GENSIM_PASSES      passes to run gensim with, one fit each (default "10 50" for bbc, "10" for ungdc)
#   MALLET_ITERATIONS  Gibbs iterations (default 1000)
#   THREADS            gensim workers and MALLET threads (default 2); Entente runs on local[THREADS]
#   QUIET_LOAD         before each fit, wait (up to QUIET_WAIT seconds, default 600) until the
#                      1-minute load average is under this (default: do not wait)
#   PYTHON             default /usr/bin/python3 (Debian's, where python3-gensim installs)
#
# Writes WORK_DIR/out/: docs.tsv, one folder per tool (topics.txt, doc_topics.tsv,
# fit.properties), results.md (the table) and machine.txt. Fit times are wall seconds measured
# inside each tool's run; fit.properties says what each includes.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CORPUS="${1:-}"
WORK="${2:-$REPO/target/bench-topics/$CORPUS}"
SHARED="${SHARED:-$REPO/../shared/data}"
THREADS="${THREADS:-2}"
PYTHON="${PYTHON:-/usr/bin/python3}"
MALLET_ITERATIONS="${MALLET_ITERATIONS:-1000}"
QUIET_WAIT="${QUIET_WAIT:-600}"

case "$CORPUS" in
  bbc)
    INPUT="$SHARED/topics/bbc_2004_2005/bbc_fulltext_2225.jsonl"
    INGEST=(--source bbc --default-date 2005-01-01)
    LABELS=id-prefix; K="${K:-5}"; GENSIM_PASSES="${GENSIM_PASSES:-10 50}" ;;
  ungdc)
    INPUT="$SHARED/speeches/ungdc/ungdc_speeches_1946_2024.jsonl.gz"
    INGEST=(--source ungdc --year-anchor 09-15)
    LABELS=none; K="${K:-20}"; GENSIM_PASSES="${GENSIM_PASSES:-10}" ;;
  reuters)
    INPUT="$SHARED/news/reuters21578/reuters21578_train_and_notused.jsonl"
    INGEST=(--source reuters)
    LABELS=none; K="${K:-20}"; GENSIM_PASSES="${GENSIM_PASSES:-10}" ;;
  *)
    echo "usage: bench/topics/run.sh bbc|ungdc|reuters [WORK_DIR]" >&2; exit 2 ;;
esac
WAREHOUSE="${WAREHOUSE:-$WORK/warehouse}"
OUT="$WORK/out"
ENTENTE=("$REPO/bin/entente")
MASTER="local[$THREADS]"

say() { echo "run.sh: $*" >&2; }
die() { echo "run.sh: error: $*" >&2; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
wait_quiet() {
  [ -n "${QUIET_LOAD:-}" ] || return 0
  local waited=0
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }'; do
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      say "load still $(load) after ${waited} s; going on"; return 0
    fi
    sleep 15; waited=$((waited + 15))
  done
}

# --- checks: nothing is installed here ---
"$PYTHON" -c 'import gensim' 2>/dev/null \
  || die "$PYTHON cannot import gensim (on Debian: apt-get install -y python3-gensim; PYTHON=... for another)"
command -v mvn >/dev/null || die "mvn not found (MALLET is resolved with Maven)"
command -v java >/dev/null || die "java not found"
[ -d "$WAREHOUSE/silver/article_terms" ] || [ -f "$INPUT" ] || die "no corpus at $INPUT (set SHARED)"

mkdir -p "$WORK"
rm -rf "$OUT"
mkdir -p "$OUT"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
  echo "kernel: $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "python: $("$PYTHON" --version 2>&1), gensim $("$PYTHON" -c 'import gensim; print(gensim.__version__)')"
  echo "mallet: 2.1.1 (Maven Central cc.mallet:mallet:2.1.1)"
  echo "entente: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown), master $MASTER"
  echo "corpus: $CORPUS, k=$K"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

# --- MALLET's class path (resolved once into ~/.m2) ---
MALLET_CP_FILE="$WORK/mallet-classpath.txt"
if [ ! -s "$MALLET_CP_FILE" ]; then
  say "resolving MALLET 2.1.1 with Maven ..."
  mvn -q -B -f "$HERE/mallet-pom.xml" dependency:build-classpath -Dmdep.outputFile="$MALLET_CP_FILE" >&2
fi
MALLET_CP="$(cat "$MALLET_CP_FILE")"

# --- the warehouse ---
if [ ! -d "$WAREHOUSE/silver/article_terms" ]; then
  say "building the warehouse $WAREHOUSE from $INPUT ..."
  "${ENTENTE[@]}" ingest --input "$INPUT" "${INGEST[@]}" --warehouse "$WAREHOUSE" --master "$MASTER"
  "${ENTENTE[@]}" annotate --warehouse "$WAREHOUSE" --master "$MASTER"
fi

# --- Entente: fit as the topics stage does, export the documents ---
wait_quiet
say "entente: fit k=$K and export (load $(load)) ..."
"${ENTENTE[@]}" bench-topics export --warehouse "$WAREHOUSE" --k "$K" --labels "$LABELS" --out "$OUT" \
  --master "$MASTER"

# --- gensim LdaMulticore ---
for P in $GENSIM_PASSES; do
  wait_quiet
  say "gensim: k=$K, $P passes (load $(load)) ..."
  "$PYTHON" "$HERE/gensim_lda.py" --docs "$OUT/docs.tsv" --out "$OUT/gensim-p$P" --k "$K" --passes "$P" \
    --workers "$THREADS" --seed 1
done

# --- MALLET: import the same documents, then TopicTrainer ---
M="$OUT/mallet"
mkdir -p "$M"
t0=$(now)
java -cp "$MALLET_CP" cc.mallet.classify.tui.Csv2Vectors --input "$OUT/docs.tsv" --output "$M/docs.mallet" \
  --keep-sequence --token-regex '[^ ]+' >&2
t1=$(now)
wait_quiet
L=$(load)
say "mallet: k=$K, $MALLET_ITERATIONS iterations, $THREADS threads (load $L) ..."
t2=$(now)
java -cp "$MALLET_CP" cc.mallet.topics.tui.TopicTrainer --input "$M/docs.mallet" --num-topics "$K" \
  --num-iterations "$MALLET_ITERATIONS" --num-threads "$THREADS" --random-seed 1 --num-top-words 10 \
  --output-topic-keys "$M/topics.txt" --output-doc-topics "$M/doc_topics.tsv" > "$M/train.log" 2>&1
t3=$(now)
tail -3 "$M/train.log" >&2
cat > "$M/fit.properties" <<PROPS
tool=MALLET 2.1.1 TopicTrainer
settings=$MALLET_ITERATIONS iterations, $THREADS threads, seed 1, alpha 5/k, beta 0.01 (defaults)
k=$K
fit_seconds=$(awk -v a="$t2" -v b="$t3" 'BEGIN { printf "%.2f", b - a }')
fit_includes=the TopicTrainer process: JVM start, reading the instance file, sampling, writing topic keys and doc topics; not the import (import_seconds)
import_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
load=$L
PROPS

# --- score all three the same way ---
say "scoring (load $(load)) ..."
"${ENTENTE[@]}" bench-topics score --dir "$OUT" --corpus "$CORPUS" --out "$OUT/results.md" --master "$MASTER"
say "wrote $OUT/results.md"
