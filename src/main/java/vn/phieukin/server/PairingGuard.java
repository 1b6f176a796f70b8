package vn.phieukin.server;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits guessing of secrets typed by hand (8-digit pairing codes, staff passwords).
 *
 * <p>An attempt is <em>counted before it is evaluated</em>: {@link #acquire} takes one of the
 * key's attempts of the window atomically, so that {@code n} concurrent wrong guesses get at
 * most {@code limit} evaluated whatever their timing. An attempt that turns out right is given
 * back ({@link Ticket#succeeded()}), so the hall's own tablets behind one NAT, which type right
 * codes, are not slowed by the limit; only wrong ones use it up.
 *
 * <p>Two levels: per key (a client address, or an account) and, optionally, one for everybody
 * together (the global limit on wrong pairing codes per minute, which a guesser with many
 * addresses also meets). All state is in memory: a restart forgets it (and costs a guesser a
 * restart of the server, which the secretariat would notice).
 */
final class PairingGuard {
    private final Clock clock;
    private final int perKey;
    private final Duration window;
    private final int global;
    private final Duration globalWindow;
    private final Map<String, Window> windows = new HashMap<>();
    private Window everybody;

    /** Attempts used in the window that started at {@code start}. */
    private record Window(long start, int used) {
    }

    /** What {@link #acquire} says: either a ticket for one evaluation, or how long to wait. */
    record Decision(Ticket ticket, long waitSeconds, boolean globalLimit) {
        boolean allowed() {
            return ticket != null;
        }
    }

    /** One attempt taken; give it back with {@link #succeeded()} when the guess was right. */
    final class Ticket {
        private final String key;
        private final long keyWindow;
        private final long globalWindowStart;
        private boolean returned;

        private Ticket(String key, long keyWindow, long globalWindowStart) {
            this.key = key;
            this.keyWindow = keyWindow;
            this.globalWindowStart = globalWindowStart;
        }

        /** The attempt was right: it does not count against the key or the global limit. */
        void succeeded() {
            synchronized (PairingGuard.this) {
                if (returned) {
                    return;
                }
                returned = true;
                Window w = windows.get(key);
                if (w != null && w.start() == keyWindow && w.used() > 0) {
                    windows.put(key, new Window(w.start(), w.used() - 1));
                }
                if (everybody != null && everybody.start() == globalWindowStart && everybody.used() > 0) {
                    everybody = new Window(everybody.start(), everybody.used() - 1);
                }
            }
        }
    }

    /** {@code global} 0: no global limit. */
    PairingGuard(Clock clock, int perKey, Duration window, int global, Duration globalWindow) {
        this.clock = clock;
        this.perKey = perKey;
        this.window = window;
        this.global = global;
        this.globalWindow = globalWindow;
    }

    PairingGuard(Clock clock, ServerSettings.PairingLimits limits) {
        this(clock, limits.maxFailures(), limits.window(), limits.globalFailuresPerMinute(), Duration.ofMinutes(1));
    }

    /** Takes one attempt of {@code key} (and of the global limit), or says how long to wait. */
    synchronized Decision acquire(String key) {
        long now = clock.millis();
        Window mine = fresh(windows.get(key), now, window);
        if (mine.used() >= perKey) {
            return new Decision(null, wait(mine, window, now), false);
        }
        Window all = global > 0 ? fresh(everybody, now, globalWindow) : null;
        if (all != null && all.used() >= global) {
            return new Decision(null, wait(all, globalWindow, now), true);
        }
        windows.put(key, new Window(mine.start(), mine.used() + 1));
        if (all != null) {
            everybody = new Window(all.start(), all.used() + 1);
        }
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> now - e.getValue().start() >= window.toMillis());
        }
        return new Decision(new Ticket(key, mine.start(), all == null ? -1 : all.start()), 0, false);
    }

    /** Seconds until {@code key} may try again, or 0 (nothing is taken). */
    synchronized long secondsBlocked(String key) {
        long now = clock.millis();
        Window mine = fresh(windows.get(key), now, window);
        return mine.used() >= perKey ? wait(mine, window, now) : 0;
    }

    private static Window fresh(Window w, long now, Duration length) {
        return w == null || now - w.start() >= length.toMillis() ? new Window(now, 0) : w;
    }

    private static long wait(Window w, Duration length, long now) {
        return Math.max(1, (w.start() + length.toMillis() - now + 999) / 1000);
    }
}
