package vn.phieukin.procedure;

/** Who a nomination round puts forward: every passer, or the passers from the top down to the open slots. */
public enum Selection {
    ALL_PASSING,
    TOP_DOWN
}
