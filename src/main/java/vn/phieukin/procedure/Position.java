package vn.phieukin.procedure;

import java.util.Objects;

/** A planned position (chức danh quy hoạch) and how many cadres may be planned for it. */
public record Position(String id, String name, int maxPlanned) {

    /** "Mỗi chức danh quy hoạch không quá ba cán bộ". */
    public static final int DEFAULT_MAX_PLANNED = 3;

    public Position {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (maxPlanned < 1) {
            throw new IllegalArgumentException("maxPlanned must be positive: " + maxPlanned);
        }
    }
}
