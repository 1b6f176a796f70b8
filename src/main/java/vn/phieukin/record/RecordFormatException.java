package vn.phieukin.record;

/**
 * A JSON value that does not have the form the record (or the API) defines. The message is in
 * Vietnamese and names the JSON path, e.g. {@code round.sections[1].maxSelections}, so that an
 * auditor or an API client sees exactly what is wrong.
 */
public final class RecordFormatException extends RuntimeException {

    private final String path;

    public RecordFormatException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    /** Where in the JSON the problem is. */
    public String path() {
        return path;
    }
}
