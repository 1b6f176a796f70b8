package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import vn.phieukin.store.StorageFull;

/**
 * {@code GET /api/v1/server/storage} (any staff): the free space on the disk of the data folder
 * and the margin under which the console warns ({@link StorageFull#margin()}, 200 MB by default),
 * so the secretariat frees space before a write is ever refused with {@code STORAGE_FULL}.
 */
final class StorageStatus {
    private final Path dataDir;
    private final long margin;

    StorageStatus(Path dataDir, long margin) {
        this.dataDir = dataDir.toAbsolutePath();
        this.margin = margin;
        Failures.dataDir(this.dataDir);
    }

    void mount(Router router, Auth auth) {
        router.get("/api/v1/server/storage").handler(auth.anyStaff()).handler(Endpoint.of(ctx -> Future.succeededFuture(
                Reply.ok(status()))));
    }

    JsonObject status() {
        long free = StorageFull.freeBytes(dataDir);
        boolean low = free >= 0 && free < margin;
        JsonObject status = new JsonObject().put("dataDir", dataDir.toString()).put("freeBytes", free)
                .put("marginBytes", margin).put("low", low);
        if (low) {
            status.put("message", "Ổ đĩa chứa thư mục dữ liệu " + dataDir + " chỉ còn trống "
                    + StorageFull.human(free) + " (dưới mức cảnh báo " + StorageFull.human(margin)
                    + "). Hãy giải phóng dung lượng ngay: khi ổ đầy, máy chủ sẽ từ chối mọi thao tác ghi "
                    + "(bỏ phiếu, cấp phiếu, đăng nhập) cho đến khi có chỗ trống.");
        }
        return status;
    }
}
