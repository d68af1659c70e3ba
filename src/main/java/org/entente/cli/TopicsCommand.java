package org.entente.cli;

import java.util.concurrent.Callable;
import org.entente.topics.TopicJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code entente topics}: LDA topic models and the topic tables. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Fits Spark MLlib LDA over silver/article_terms (phrases, vocabulary, one model per --k, the best",
        "by mean NPMI coherence kept under <warehouse>/models/topics), and writes gold/topics, silver/doc_topics,",
        "gold/topic_trends and gold/topic_entities. With a current model, only new articles are scored",
        "unless --refit.", ""},
    sortOptions = false)
public final class TopicsCommand implements Callable<Integer> {
  @Mixin
  TopicOptions topics;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    topics.configure(TopicJob.on(common.openWarehouse()), common).execute();
    return 0;
  }
}
