package vn.phieukin.store;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * API ids: a type prefix and the row's sequence number, e.g. review {@code rv1}, conference
 * {@code hn2}. The prefix makes a mixed-up id (a cadre id where a position is expected) fail
 * as unknown instead of silently hitting another table.
 */
public enum Ids {
    USER("u"),
    REVIEW("rv"),
    POSITION("p"),
    CADRE("c"),
    PLANNED("pl"),
    SUPPLEMENTARY("sp"),
    CONFERENCE("hn"),
    DELEGATE("d"),
    ROUND("r"),
    LINE("L");

    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,17}");
    private final String prefix;

    Ids(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The API id of row {@code seq}. */
    public String format(long seq) {
        return prefix + seq;
    }

    /** The sequence number inside {@code id}, or empty when it is not an id of this type. */
    public OptionalLong parse(String id) {
        if (id == null || !id.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        String digits = id.substring(prefix.length());
        return DIGITS.matcher(digits).matches() ? OptionalLong.of(Long.parseLong(digits)) : OptionalLong.empty();
    }
}
