package vn.phieukin.server;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's limit on open file descriptors, which bounds how many connections the server can
 * hold. On Linux and macOS the JVM raises its soft limit to the hard limit when it starts (HotSpot's
 * {@code -XX:+MaxFDLimit}, on by default), which is as far as a process may raise it by itself;
 * beyond that the operator raises the hard limit ({@code ulimit -Hn}, systemd's {@code LimitNOFILE=}).
 */
public final class DescriptorLimit {
    /** Below this the start-up lines warn: 250 tablets, their screens and the desk need more. */
    static final long LOW = 4096;

    private DescriptorLimit() {
    }

    /** The current limit, or -1 where it cannot be read (not a Unix system). */
    public static long current() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** Prints the limit (used by a test that starts a JVM under a lowered soft limit). */
    public static void main(String[] args) {
        System.out.println(current());
    }
}
