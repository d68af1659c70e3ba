#!/usr/bin/python3
"""gensim LdaMulticore on the documents exported by `entente bench-topics export`.

Reads DOCS (id<TAB>label<TAB>space-separated tokens), fits LdaMulticore and writes into OUT, in
the layout `entente bench-topics score` reads: topics.txt (top 10 terms a line),
doc_topics.tsv (id<TAB>dominant topic) and fit.properties (the fit's wall seconds and what
they include). Run with Debian's /usr/bin/python3 (package python3-gensim).
"""
import argparse
import os
import sys
import time

import gensim
from gensim.corpora import Dictionary
from gensim.models import LdaMulticore


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", required=True, help="docs.tsv from bench-topics export")
    ap.add_argument("--out", required=True, help="tool folder to write")
    ap.add_argument("--k", type=int, required=True, help="number of topics")
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--iterations", type=int, default=50, help="per-document inference iterations (gensim's default)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--top", type=int, default=10)
    a = ap.parse_args()

    ids, texts = [], []
    with open(a.docs, encoding="utf-8") as f:
        for line in f:
            doc_id, _label, tokens = line.rstrip("\n").split("\t", 2)
            ids.append(doc_id)
            texts.append(tokens.split(" ") if tokens else [])
    os.makedirs(a.out, exist_ok=True)

    load = load_average()
    t0 = time.perf_counter()
    dictionary = Dictionary(texts)  # no filtering: the tokens are already Entente's vocabulary
    corpus = [dictionary.doc2bow(t) for t in texts]
    t1 = time.perf_counter()
    lda = LdaMulticore(corpus, id2word=dictionary, num_topics=a.k, passes=a.passes, iterations=a.iterations,
                       workers=a.workers, random_state=a.seed)
    t2 = time.perf_counter()
    with open(os.path.join(a.out, "topics.txt"), "w", encoding="utf-8") as f:
        for t in range(a.k):
            f.write(" ".join(w for w, _ in lda.show_topic(t, topn=a.top)) + "\n")
    with open(os.path.join(a.out, "doc_topics.tsv"), "w", encoding="utf-8") as f:
        for doc_id, bow in zip(ids, corpus):
            dist = lda.get_document_topics(bow, minimum_probability=0.0)
            best = max(dist, key=lambda tp: (tp[1], -tp[0]))[0]  # first largest
            f.write(f"{doc_id}\t{best}\n")
    t3 = time.perf_counter()
    with open(os.path.join(a.out, "fit.properties"), "w", encoding="utf-8") as f:
        f.write(f"tool=gensim {gensim.__version__} LdaMulticore\n")
        f.write(f"settings={a.passes} passes, {a.workers} workers, {a.iterations} iterations/doc, random_state {a.seed}\n")
        f.write(f"k={a.k}\n")
        f.write(f"fit_seconds={t2 - t0:.2f}\n")
        f.write("fit_includes=Dictionary + doc2bow + LdaMulticore; not Python start-up, reading docs.tsv or"
                " inferring the doc topics\n")
        f.write(f"dictionary_seconds={t1 - t0:.2f}\n")
        f.write(f"lda_seconds={t2 - t1:.2f}\n")
        f.write(f"infer_seconds={t3 - t2:.2f}\n")
        f.write(f"load={load}\n")
    print(f"gensim: k={a.k} passes={a.passes}: fit {t2 - t0:.1f} s (LdaMulticore {t2 - t1:.1f} s), "
          f"{len(ids)} documents, {len(dictionary)} terms", file=sys.stderr)


if __name__ == "__main__":
    main()
