package vn.phieukin.procedure;

import java.util.Objects;
import java.util.function.Function;

/** The outcome of a rule: the accepted value, or a refusal with a reason. Never thrown. */
public sealed interface Outcome<T> permits Outcome.Accepted, Outcome.Refused {

    record Accepted<T>(T value) implements Outcome<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Refused<T>(Refusal refusal) implements Outcome<T> {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    static <T> Outcome<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Outcome<T> refused(String code, String message) {
        return new Refused<>(new Refusal(code, message));
    }

    static <T> Outcome<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The accepted value; asking a refusal for its value is a programmer error. */
    default T value() {
        if (this instanceof Accepted<T> accepted) {
            return accepted.value();
        }
        throw new IllegalStateException("refused: " + refusal().code());
    }

    default Refusal refusal() {
        if (this instanceof Refused<T> refused) {
            return refused.refusal();
        }
        throw new IllegalStateException("accepted, no refusal");
    }

    default <U> Outcome<U> map(Function<? super T, ? extends U> f) {
        return isAccepted() ? accepted(f.apply(value())) : refused(refusal());
    }

    default <U> Outcome<U> flatMap(Function<? super T, Outcome<U>> f) {
        return isAccepted() ? f.apply(value()) : refused(refusal());
    }
}
