package org.entente.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The topic options as a benchmark table names them. */
class TopicOptionsTest {
  @Command
  static final class Holder {
    @Mixin
    TopicOptions topics;
  }

  private static String described(String... args) {
    Holder h = new Holder();
    new CommandLine(h).parseArgs(args);
    return h.topics.describeFit();
  }

  @Test
  void aFitIsDescribedWithItsStarts() {
    assertThat(described()).isEqualTo("online, 10 iterations, seed 1, Gibbs start (300 sweeps, 4 chains)");
    assertThat(described("--gibbs-sweeps", "0")).isEqualTo("online, 80 iterations, seed 1");
    assertThat(described("--gibbs-sweeps", "0", "--restarts", "4", "--seed", "5"))
        .isEqualTo("online, 80 iterations, seed 5, best of 4 starts (seeds 5-8) after 10");
    assertThat(described("--gibbs-chains", "2", "--max-iter", "30"))
        .isEqualTo("online, 30 iterations, seed 1, Gibbs start (300 sweeps, 2 chains)");
    assertThat(described("--optimizer", "em", "--max-iter", "5", "--restarts", "2", "--restart-iter", "10"))
        .isEqualTo("em, 5 iterations, seed 1, best of 2 starts (seeds 1-2) after 5");
  }
}
