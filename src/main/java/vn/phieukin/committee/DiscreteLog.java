package vn.phieukin.committee;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/** Baby-step giant-step for {@code m·G = P} with {@code m ∈ [0, max]}. */
public final class DiscreteLog {

    private DiscreteLog() {
    }

    /** m in [0, max] with m·G = p, or -1 when there is none. */
    public static long solve(ECPoint p, long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max >= 0");
        }
        ECPoint target = Group.onOurCurve(p).normalize();
        long steps = (long) Math.ceil(Math.sqrt((double) max + 1));
        if (steps > 1 << 22) {
            throw new IllegalArgumentException("max too large for baby-step giant-step here");
        }
        Map<ByteBuffer, Long> baby = new HashMap<>();
        ECPoint acc = Group.identity();
        for (long b = 0; b < steps; b++) {
            baby.putIfAbsent(ByteBuffer.wrap(Encoding.pointBytes(acc)), b);
            acc = acc.add(Group.G).normalize();
        }
        ECPoint giant = Group.timesG(BigInteger.valueOf(steps)).negate();
        ECPoint current = target;
        for (long a = 0; a * steps <= max; a++) {
            Long b = baby.get(ByteBuffer.wrap(Encoding.pointBytes(current)));
            if (b != null) {
                long m = a * steps + b;
                return m <= max ? m : -1;
            }
            current = current.add(giant).normalize();
        }
        return -1;
    }
}
