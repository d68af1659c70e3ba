package org.entente.cli;

import java.util.List;
import org.entente.topics.TopicJob;
import picocli.CommandLine.Option;

/** Options of the topic stage, shared by {@code topics} and {@code run}. */
public final class TopicOptions {
  @Option(names = "--k", paramLabel = "N[,N...]", split = ",", defaultValue = "20",
      description = "Numbers of topics; with several, each is fitted and the best by mean NPMI kept. Default: ${DEFAULT-VALUE}")
  List<Integer> k;

  @Option(names = "--max-iter", paramLabel = "N",
      description = "LDA iterations (online: mini-batches). Default: 10 after a Gibbs start, else 80")
  Integer maxIter;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed of LDA. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--optimizer", paramLabel = "online|em", defaultValue = "online",
      description = "LDA optimizer: online (default; memory bounded) or em (small corpora). Default: ${DEFAULT-VALUE}")
  String optimizer;

  @Option(names = "--min-df", paramLabel = "N", defaultValue = "3",
      description = "A term must be in at least N articles. Default: ${DEFAULT-VALUE}")
  int minDf;

  @Option(names = "--max-df", paramLabel = "FRACTION", defaultValue = "0.5",
      description = "Terms in more than this fraction of the articles are left out. Default: ${DEFAULT-VALUE}")
  double maxDf;

  @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "20000",
      description = "Vocabulary cap (the most frequent terms). Default: ${DEFAULT-VALUE}")
  int vocabSize;

  @Option(names = "--no-phrases", description = "Do not join two-word phrases (prime_minister) into one term.")
  boolean noPhrases;

  @Option(names = "--threshold", paramLabel = "SHARE", defaultValue = "0.05",
      description = "Topics under this share of an article are left out of silver/doc_topics. Default: ${DEFAULT-VALUE}")
  double threshold;

  @Option(names = "--min-entity-articles", paramLabel = "N", defaultValue = "3",
      description = "Entities in fewer scored articles are left out of gold/topic_entities. Default: ${DEFAULT-VALUE}")
  long minEntityArticles;

  @Option(names = "--learning-offset", paramLabel = "TAU0", defaultValue = "1",
      description = "Online optimizer: learning rate (TAU0 + t)^-decay; larger is slower to move. Default: ${DEFAULT-VALUE}")
  double learningOffset;

  @Option(names = "--learning-decay", paramLabel = "KAPPA", defaultValue = "0.51",
      description = "Online optimizer: learning rate decay in (0.5, 1]. Default: ${DEFAULT-VALUE}")
  double learningDecay;

  @Option(names = "--subsampling-rate", paramLabel = "FRACTION", defaultValue = "0",
      description = "Online optimizer: fraction of the articles per mini-batch; 0 = max(5%%, 2048 articles). Default: ${DEFAULT-VALUE}")
  double subsamplingRate;

  @Option(names = "--restarts", paramLabel = "N", defaultValue = "1",
      description = "LDA starts tried per k (seeds S, S+1, ...); the one of highest log-likelihood after --restart-iter iterations is fitted fully. Default: ${DEFAULT-VALUE}")
  int restarts;

  @Option(names = "--restart-iter", paramLabel = "N", defaultValue = "10",
      description = "Iterations each start runs before the starts are compared. Default: ${DEFAULT-VALUE}")
  int restartIter;

  @Option(names = "--gibbs-sweeps", paramLabel = "N", defaultValue = "300",
      description = "Online optimizer: start from the topics of a Gibbs sampler over the articles (a sample on large corpora) run N sweeps, instead of random ones; 0 = random. Default: ${DEFAULT-VALUE}")
  int gibbsSweeps;

  @Option(names = "--gibbs-chains", paramLabel = "N", defaultValue = "4",
      description = "Gibbs start: chains run for a third of the sweeps; the likeliest runs the rest. Default: ${DEFAULT-VALUE}")
  int gibbsChains;

  @Option(names = "--refit", description = "Fit new models even when a current one exists (else new articles are scored with it).")
  boolean refit;

  /**
   * The fit's settings in a few words, for a benchmark table: "online, 80 iterations, seed 1",
   * with the starts when there are several ("..., best of 4 starts (seeds 1-4) after 10").
   */
  String describeFit() {
    int iterations = maxIter != null ? maxIter : TopicJob.defaultIterations(optimizer, gibbsSweeps);
    String s = String.format("%s, %d iterations, seed %d", optimizer.toLowerCase(java.util.Locale.ROOT), iterations,
        seed);
    if (TopicJob.defaultIterations(optimizer, gibbsSweeps) == TopicJob.GIBBS_ITER) {
      s += String.format(", Gibbs start (%d sweeps, %d chains)", gibbsSweeps, gibbsChains);
    }
    if (restarts > 1) {
      s += String.format(", best of %d starts (seeds %d-%d) after %d", restarts, seed, seed + restarts - 1,
          Math.min(restartIter, iterations));
    }
    return s;
  }

  TopicJob configure(TopicJob job, CommonOptions common) {
    if (maxIter != null) {
      job.maxIter(maxIter);
    }
    return job.k(k).seed(seed).optimizer(optimizer).minDf(minDf).maxDf(maxDf).vocabSize(vocabSize)
        .phrases(!noPhrases).threshold(threshold).minEntityArticles(minEntityArticles).learningOffset(learningOffset).learningDecay(learningDecay).subsamplingRate(subsamplingRate)
        .restarts(restarts).restartIter(restartIter).gibbsSweeps(gibbsSweeps).gibbsChains(gibbsChains).refit(refit).kbDir(common.kb);
  }
}
