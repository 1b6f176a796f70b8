package vn.phieukin.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's memory bounds (issue 14). A jar cannot set its own maximum heap: without
 * {@code -Xmx} the JVM takes a quarter of the machine's RAM (6 GB on a 24 GB server) and grows
 * towards it under a close, though a hall's live set is tens of MB. So:
 * <ul>
 * <li>the documented command is {@code java -Xmx384m -jar phieukin.jar serve}; any {@code -Xmx},
 * {@code -XX:MaxHeapSize}, {@code -XX:MaxRAM} or {@code -XX:MaxRAMPercentage} given on the command
 * line is the operator's choice and left alone;</li>
 * <li>without one, and with a default maximum above {@value #WARN_ABOVE_MB} MB, {@code serve}
 * prints a warning naming the command;</li>
 * <li>in every case, unless given on the command line, the G1 heap returns what it does not use:
 * a periodic collection when idle ({@code G1PeriodicGCInterval}) and tighter free-ratio bounds
 * ({@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio}), all three "manageable" flags set at run
 * time, so the resident size falls back after a close even when no {@code -Xmx} was given.</li>
 * </ul>
 */
final class MemoryBounds {
    /** The maximum heap the README command gives the server. */
    static final int RECOMMENDED_MB = 384;
    /** Above this default maximum (and no explicit one) {@code serve} warns. */
    static final long WARN_ABOVE_MB = 1024;
    static final String PERIODIC_GC_MS = "60000";
    static final String MIN_FREE = "10";
    static final String MAX_FREE = "30";

    private MemoryBounds() {
    }

    /** Whether the command line chose the maximum heap itself. */
    static boolean explicitMaximum(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize=")
                || a.startsWith("-XX:MaxRAM=") || a.startsWith("-XX:MaxRAMPercentage="));
    }

    /** The warning {@code serve} prints for this command line and maximum heap, if any. */
    static Optional<String> warning(List<String> jvmArguments, long maxMemoryBytes) {
        long mb = maxMemoryBytes / (1024 * 1024);
        if (explicitMaximum(jvmArguments) || mb <= WARN_ABOVE_MB) {
            return Optional.empty();
        }
        return Optional.of("Cảnh báo: bộ nhớ heap tối đa của máy chủ đang là " + mb + " MB (mặc định theo RAM của máy), "
                + "trong khi một hội nghị chỉ cần vài chục MB. Nên khởi động bằng lệnh "
                + "\"java -Xmx" + RECOMMENDED_MB + "m -jar phieukin.jar serve\" (có thể đổi số " + RECOMMENDED_MB
                + " theo máy).");
    }

    /**
     * Sets the three manageable G1 flags that are not on the command line; returns the names set.
     * A flag the JVM lacks or refuses (another collector, another JVM) is skipped.
     */
    static List<String> returnUnusedMemory(List<String> jvmArguments) {
        List<String> set = new ArrayList<>();
        HotSpotDiagnosticMXBean hotspot;
        try {
            hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError absent) {
            return set;
        }
        if (hotspot == null || !ManagementFactory.getGarbageCollectorMXBeans().stream()
                .anyMatch(gc -> gc.getName().startsWith("G1"))) {
            return set;
        }
        // Min before Max: MinHeapFreeRatio may never exceed MaxHeapFreeRatio
        for (String[] flag : new String[][] {{"MinHeapFreeRatio", MIN_FREE}, {"MaxHeapFreeRatio", MAX_FREE},
                {"G1PeriodicGCInterval", PERIODIC_GC_MS}}) {
            if (jvmArguments.stream().anyMatch(a -> a.startsWith("-XX:" + flag[0] + "="))) {
                continue;
            }
            try {
                hotspot.setVMOption(flag[0], flag[1]);
                set.add(flag[0]);
            } catch (RuntimeException refused) {
                // not manageable here, or out of range with the operator's other flags: keep the JVM's value
            }
        }
        return set;
    }

    /** What {@code serve} does at start: the flags, then the warning line if any. */
    static Optional<String> applyAtStart() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        returnUnusedMemory(arguments);
        return warning(arguments, Runtime.getRuntime().maxMemory());
    }
}
