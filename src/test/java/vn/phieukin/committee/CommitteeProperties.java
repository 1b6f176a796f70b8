package vn.phieukin.committee;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;

/** Properties of the threshold ElGamal of COMMITTEE.md, over random committees and votes. */
class CommitteeProperties {

    private final Randomness random = Randomness.secure();

    @Property(tries = 40)
    void theSumOfCiphertextsDecryptsToTheSumOfThePlaintexts(@ForAll @Size(min = 0, max = 25) List<@IntRange(min = 0, max = 40) Integer> votes) {
        BigInteger x = random.scalar();
        JointKey key = new JointKey(Group.timesG(x));
        Ciphertext sum = Ciphertext.ZERO;
        long expected = 0;
        for (int m : votes) {
            sum = sum.add(key.encrypt(m, random.scalar()));
            expected += m;
        }
        assertThat(DiscreteLog.solve(sum.beta().subtract(Group.times(sum.alpha(), x)), 1000)).isEqualTo(expected);
    }

    record Committee(int n, int k, List<Integer> votes) {
    }

    @Provide
    Arbitrary<Committee> committees() {
        return Arbitraries.integers().between(1, 6).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(1, n),
                Arbitraries.integers().between(0, 1).list().ofMinSize(1).ofMaxSize(30))
                .as((k, votes) -> new Committee(n, k, votes)));
    }

    @Property(tries = 25)
    void anyKMembersDecryptTheSameTotalAndFewerCannot(@ForAll("committees") Committee committee) {
        int n = committee.n();
        int k = committee.k();
        // The DKG: every member deals; member j keeps s_j = Σ_i f_i(j).
        List<Polynomial> polys = new ArrayList<>();
        List<List<ECPoint>> commitments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Polynomial f = Polynomial.random(k, random);
            polys.add(f);
            commitments.add(f.commitments());
        }
        JointKey key = Feldman.jointKey(commitments);
        Ciphertext tally = Ciphertext.ZERO;
        for (int m : committee.votes()) {
            tally = tally.add(key.encrypt(m, random.scalar()));
        }
        long total = committee.votes().stream().mapToLong(Integer::longValue).sum();
        long max = committee.votes().size();
        Map<Integer, ECPoint> contributions = new TreeMap<>();
        for (int j = 1; j <= n; j++) {
            List<BigInteger> received = new ArrayList<>();
            for (Polynomial f : polys) {
                received.add(f.at(j));
            }
            BigInteger sj = Feldman.keyShare(received);
            DecryptionShare share = DecryptionShare.create("R", "P|C", sj, tally.alpha(), random);
            assertThat(share.verify("R", "P|C", Feldman.verificationKey(j, commitments), tally.alpha())).isTrue();
            contributions.put(j, share.d());
        }
        ECPoint trueD = tally.beta().subtract(Group.timesG(total));
        for (List<Integer> q : subsets(n, k)) {
            assertThat(Lagrange.decrypt(tally, pick(contributions, q), max)).as("Q = %s", q).isEqualTo(total);
        }
        // (With no ballot the tally is (O, O) and every D_j is O: there is nothing to hide, hence at least one vote.)
        if (k > 1) {
            for (List<Integer> q : subsets(n, k - 1)) {
                assertThat(Lagrange.combine(pick(contributions, q))).as("Q = %s of threshold %d", q, k).isNotEqualTo(trueD);
            }
        }
    }

    private static Map<Integer, ECPoint> pick(Map<Integer, ECPoint> all, List<Integer> q) {
        Map<Integer, ECPoint> out = new TreeMap<>();
        q.forEach(j -> out.put(j, all.get(j)));
        return out;
    }

    private static List<List<Integer>> subsets(int n, int size) {
        List<List<Integer>> out = new ArrayList<>();
        collect(1, n, size, new ArrayList<>(), out);
        return out;
    }

    private static void collect(int from, int n, int size, List<Integer> current, List<List<Integer>> out) {
        if (current.size() == size) {
            out.add(List.copyOf(current));
            return;
        }
        for (int j = from; j <= n; j++) {
            current.add(j);
            collect(j + 1, n, size, current, out);
            current.remove(current.size() - 1);
        }
    }
}
