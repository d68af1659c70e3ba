package org.entente.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageExecutorMetrics;
import scala.collection.JavaConverters;

/**
 * The peak heap in use while a stage runs, from two sources: this JVM's heap sampled every 50 ms
 * (in local mode the executors live in it), and the executors' own {@code JVMHeapMemory} peaks
 * that Spark reports with their heartbeats (on a cluster). Heap in use includes garbage not yet
 * collected, so the figure is an upper bound of what the stage needs, not its live set.
 */
final class PeakMemory implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong driverPeak = new AtomicLong();
  private final AtomicLong executorPeak = new AtomicLong();
  private final SparkContext sc;
  private final SparkListener listener;
  private final Thread sampler;
  private volatile boolean running = true;

  PeakMemory(SparkContext sc) {
    this.sc = sc;
    this.listener = new SparkListener() {
      @Override
      public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (ExecutorMetrics m : JavaConverters.asJavaIterable(update.executorUpdates().values())) {
          note(m);
        }
      }

      @Override
      public void onStageExecutorMetrics(SparkListenerStageExecutorMetrics metrics) {
        note(metrics.executorMetrics());
      }
    };
    sc.addSparkListener(listener);
    sampler = new Thread(() -> {
      while (running) {
        driverPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "entente-peak-memory");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void note(ExecutorMetrics m) {
    executorPeak.accumulateAndGet(m.getMetricValue("JVMHeapMemory"), Math::max);
  }

  /** This JVM's peak heap in use so far, in MiB. */
  long driverMb() {
    return driverPeak.get() >> 20;
  }

  /** The largest executor heap reported so far, in MiB (0 when none was reported). */
  long executorMb() {
    return executorPeak.get() >> 20;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    sc.removeSparkListener(listener);
  }
}
