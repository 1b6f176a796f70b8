package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Feldman verifiable secret sharing (COMMITTEE.md, Check and Joint key): share check
 * {@code f_i(j)·G = Σ_l j^l·C_il}, verification key {@code S_j = Σ_i Σ_l j^l·C_il}, joint key
 * {@code H = Σ_i C_i0}.
 */
public final class Feldman {

    private Feldman() {
    }

    /** {@code Σ_l j^l·C_l} for one dealer's commitments. */
    public static ECPoint evaluate(int j, List<ECPoint> commitments) {
        if (j < 1) {
            throw new IllegalArgumentException("members are numbered from 1");
        }
        BigInteger x = BigInteger.valueOf(j);
        BigInteger power = BigInteger.ONE;
        ECPoint acc = Group.identity();
        for (ECPoint c : commitments) {
            acc = acc.add(Group.times(Group.onOurCurve(c), power));
            power = power.multiply(x).mod(Group.ORDER);
        }
        return acc.normalize();
    }

    /** Whether the share {@code f_i(j)} that dealer i sent to member j matches i's commitments. */
    public static boolean shareMatches(int j, BigInteger share, List<ECPoint> commitments) {
        Objects.requireNonNull(share, "share");
        if (share.signum() < 0 || share.compareTo(Group.ORDER) >= 0 || commitments.isEmpty()) {
            return false;
        }
        return Group.timesG(share).equals(evaluate(j, commitments));
    }

    /** {@code S_j = Σ_i Σ_l j^l·C_il} over every dealer's commitments (in member order). */
    public static ECPoint verificationKey(int j, List<List<ECPoint>> commitmentsOfAll) {
        ECPoint acc = Group.identity();
        for (List<ECPoint> commitments : commitmentsOfAll) {
            acc = acc.add(evaluate(j, commitments));
        }
        return acc.normalize();
    }

    /** {@code H = Σ_i C_i0}. */
    public static JointKey jointKey(List<List<ECPoint>> commitmentsOfAll) {
        ECPoint acc = Group.identity();
        for (List<ECPoint> commitments : commitmentsOfAll) {
            acc = acc.add(Group.onOurCurve(commitments.get(0)));
        }
        return new JointKey(acc.normalize());
    }

    /** {@code s_j = Σ_i f_i(j) mod q}, the key share member j keeps. */
    public static BigInteger keyShare(List<BigInteger> sharesReceived) {
        BigInteger acc = BigInteger.ZERO;
        for (BigInteger s : sharesReceived) {
            acc = acc.add(s);
        }
        return acc.mod(Group.ORDER);
    }
}
