package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14: the server's memory bounds — the warning without {@code -Xmx}, the operator's flags left alone. */
class MemoryBoundsTest {
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aDefaultHeapOfSeveralGigabytesIsWarnedAboutWithTheCommandToUse() {
        assertThat(MemoryBounds.warning(List.of("-Dfile.encoding=UTF-8"), 6 * GB)).hasValueSatisfying(line -> {
            assertThat(line).contains("6144 MB").contains("java -Xmx384m -jar phieukin.jar serve");
        });
    }

    @Test
    void anExplicitMaximumIsTheOperatorsChoiceEvenIfLarge() {
        for (String flag : List.of("-Xmx2g", "-XX:MaxHeapSize=2147483648", "-XX:MaxRAM=8g", "-XX:MaxRAMPercentage=50")) {
            assertThat(MemoryBounds.warning(List.of(flag), 2 * GB)).as(flag).isEmpty();
        }
    }

    @Test
    void aSmallDefaultHeapNeedsNoWarning() {
        assertThat(MemoryBounds.warning(List.of(), 512L * 1024 * 1024)).isEmpty();
    }

    @Test
    void flagsGivenOnTheCommandLineAreNotOverridden() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String before = hotspot.getVMOption("MaxHeapFreeRatio").getValue();
        String periodicBefore = hotspot.getVMOption("G1PeriodicGCInterval").getValue();
        String minBefore = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        try {
            List<String> set = MemoryBounds.returnUnusedMemory(List.of("-XX:MaxHeapFreeRatio=" + before));
            assertThat(set).doesNotContain("MaxHeapFreeRatio");
            assertThat(hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(before);
            if (ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1"))) {
                assertThat(set).contains("G1PeriodicGCInterval");
                assertThat(hotspot.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo(MemoryBounds.PERIODIC_GC_MS);
            }
        } finally {
            hotspot.setVMOption("G1PeriodicGCInterval", periodicBefore);
            hotspot.setVMOption("MinHeapFreeRatio", minBefore);
        }
    }
}
