package vn.phieukin.procedure;

import java.util.Optional;

/** How votes are compared with a threshold: strictly more than ({@code >}) or at least ({@code >=}). */
public enum Comparator {
    GREATER(">", "trên"),
    AT_LEAST(">=", "từ");

    private final String symbol;
    private final String vietnamese;

    Comparator(String symbol, String vietnamese) {
        this.symbol = symbol;
        this.vietnamese = vietnamese;
    }

    /** The symbol used in the API and the sealed record. */
    public String symbol() {
        return symbol;
    }

    /** "trên" (more than) or "từ" (at least), for sentences such as "trên 1/2". */
    public String vietnamese() {
        return vietnamese;
    }

    public static Optional<Comparator> fromSymbol(String symbol) {
        for (Comparator c : values()) {
            if (c.symbol.equals(symbol)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
