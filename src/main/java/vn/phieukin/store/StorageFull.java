package vn.phieukin.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.sqlite.SQLiteException;

/**
 * A full disk is an expected fault, not a bug: the write is refused with {@code STORAGE_FULL}
 * (HTTP 507) and a message the secretariat can act on (which folder, how much is free), and the
 * server log gets one loud line (at most every {@value #LOUD_EVERY_MS} ms, with the count of
 * refused writes in between). Nothing acknowledged is lost: a group that hit the full disk is
 * rolled back whole and every write of it is refused, so the clients retry once space is freed.
 */
public final class StorageFull {
    /** The refusal code (HTTP 507 Insufficient Storage). */
    public static final String CODE = "STORAGE_FULL";
    /** The default free-space margin under which the console warns (see {@link #margin()}). */
    public static final long DEFAULT_MARGIN_BYTES = 200L * 1024 * 1024;
    /** System property that sets the margin in MB (e.g. {@code -Dphieukin.freeSpaceMarginMb=500}). */
    public static final String MARGIN_PROPERTY = "phieukin.freeSpaceMarginMb";
    private static final long LOUD_EVERY_MS = 10_000;
    private static final int SQLITE_FULL = 13;
    private static final Logger LOG = Logger.getLogger(StorageFull.class.getName());

    private final Path dataDir;
    private final AtomicLong lastLoud = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong refusedSinceLoud = new AtomicLong();

    StorageFull(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** True when {@code failure} (or a cause) says the disk or the database is full. */
    public static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedException refused && CODE.equals(refused.code())) {
                return true;
            }
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() != null
                    && (sqlite.getResultCode().code & 0xff) == SQLITE_FULL) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_FULL
                    && !(t instanceof SQLiteException)) {
                return true;
            }
            String message = t.getMessage();
            if ((t instanceof IOException || t instanceof SQLException || t instanceof FileSystemException)
                    && message != null && (message.contains("No space left on device")
                    || message.contains("SQLITE_FULL") || message.contains("database or disk is full"))) {
                return true;
            }
        }
        return false;
    }

    /** The refusal for {@code writes} refused writes; logs the loud line (throttled). */
    RefusedException refusal(int writes) {
        long free = freeBytes(dataDir);
        long now = System.currentTimeMillis();
        long refused = refusedSinceLoud.addAndGet(writes);
        long last = lastLoud.get();
        if (now - last >= LOUD_EVERY_MS && lastLoud.compareAndSet(last, now)) {
            refusedSinceLoud.addAndGet(-refused);
            LOG.severe("DISK FULL: the disk of the data folder " + dataDir + " is full (" + human(free)
                    + " free); " + refused + " write(s) refused and rolled back, nothing acknowledged is lost."
                    + " Free space on that disk now: the server goes on by itself once there is room.");
        }
        return refusal(dataDir, free);
    }

    /** The refusal of a write on the full disk of {@code dataDir} ({@code free} bytes usable). */
    public static RefusedException refusal(Path dataDir, long free) {
        return new RefusedException(CODE, "Ổ đĩa chứa thư mục dữ liệu " + dataDir + " đã đầy (còn trống "
                + human(free) + "): thao tác chưa được thực hiện và không có dữ liệu nào bị mất. "
                + "Ban Tổ chức hãy giải phóng dung lượng trên ổ đĩa này (xóa tệp không cần thiết hoặc chuyển "
                + "bớt sang ổ khác), rồi thực hiện lại thao tác; máy chủ tự hoạt động lại khi có chỗ trống.",
                new JsonObject().put("dataDir", dataDir.toString()).put("freeBytes", free).getMap());
    }

    /** Usable bytes on the disk of {@code dir}, or -1 when it cannot be read. */
    public static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** The free-space margin under which the console warns: {@value #MARGIN_PROPERTY} MB, default 200 MB. */
    public static long margin() {
        String configured = System.getProperty(MARGIN_PROPERTY);
        if (configured != null) {
            try {
                long mb = Long.parseLong(configured.trim());
                if (mb >= 0) {
                    return mb * 1024 * 1024;
                }
            } catch (NumberFormatException ignored) {
                // fall back to the default below
            }
            LOG.warning(MARGIN_PROPERTY + " is not a whole number of MB: " + configured + "; using 200");
        }
        return DEFAULT_MARGIN_BYTES;
    }

    /** "1,5 GB", "200 MB", "12 kB", "0 byte": for a Vietnamese reader (decimal comma). */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "không rõ";
        }
        String[] units = {"byte", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = unit == 0 || value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value).replace('.', ',');
        return number + " " + units[unit];
    }
}
