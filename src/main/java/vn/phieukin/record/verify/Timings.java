package vn.phieukin.record.verify;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the verify command spends its time, printed to standard error only when the environment
 * variable {@code PHIEUKIN_VERIFY_TIMINGS=1} is set (the benchmark sets it): one line
 * {@code phase NAME MILLIS ms} per phase, from the JVM's start (so {@code jvm-start} is the time
 * before {@code main}), then {@code phase total}. Off, it costs nothing and prints nothing.
 */
final class Timings {
    private static final Timings OFF = new Timings(false);

    private final boolean on;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private final Map<String, Long> cpu = new LinkedHashMap<>();
    private long last;
    private long lastCpu;
    private final long start;

    private Timings(boolean on) {
        this.on = on;
        if (on) {
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime(); // ms since the JVM started
            start = System.nanoTime() - uptime * 1_000_000L;
        } else {
            start = 0;
        }
        last = start;
    }

    /**
     * CPU time by kind of thread (JIT compilers, GC, the verifying threads), from
     * {@code /proc/self/task/}: Linux only, empty elsewhere. Ticks of 10 ms.
     */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (var stream = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : stream.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    byKind.merge(name.replaceAll("[0-9#]+", "").trim().replace(' ', '_'), ticks * 10, Long::sum);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the thread ended meanwhile, or no such file: leave it out
                }
            }
        } catch (java.io.IOException | RuntimeException notLinux) {
            return Map.of();
        }
        return byKind;
    }

    /** CPU time of the whole process (every thread: the JIT compilers and the GC too). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    static Timings fromEnvironment() {
        return "1".equals(System.getenv("PHIEUKIN_VERIFY_TIMINGS")) ? new Timings(true) : OFF;
    }

    static Timings off() {
        return OFF;
    }

    /** Ends the phase named {@code name} now. */
    synchronized void mark(String name) {
        if (!on) {
            return;
        }
        long now = System.nanoTime();
        long nowCpu = processCpuNanos();
        phases.merge(name, now - last, Long::sum);
        cpu.merge(name, nowCpu - lastCpu, Long::sum);
        last = now;
        lastCpu = nowCpu;
    }

    void print(PrintStream err) {
        if (!on) {
            return;
        }
        phases.forEach((name, nanos) -> err.printf(Locale.ROOT, "phase %s %.1f ms cpu %.1f ms%n", name, nanos / 1e6,
                cpu.get(name) / 1e6));
        err.printf(Locale.ROOT, "phase total %.1f ms cpu %.1f ms%n", (System.nanoTime() - start) / 1e6, processCpuNanos() / 1e6);
        threadCpu().forEach((kind, millis) -> err.printf(Locale.ROOT, "threads %s cpu %d ms%n", kind, millis));
    }
}
