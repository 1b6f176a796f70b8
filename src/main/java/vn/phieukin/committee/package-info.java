/**
 * Protocol v2 crypto (../shared/spec/COMMITTEE.md): P-256 exponential ElGamal to the counting
 * committee's joint key, interval proofs, the key ceremony (Feldman DKG with Schnorr proofs, ECIES
 * of the shares), Chaum–Pedersen decryption proofs, Lagrange combination and baby-step
 * giant-step. Bouncy Castle's EC API only; never depends on the server, the store, the record or
 * Vert.x, because the verifier and the committee's checks need it alone.
 *
 * <p>Public API: the public classes. Everything package-private is internal.
 *
 * <h2>Symbols of COMMITTEE.md and their names here</h2>
 * <table>
 * <caption>symbol table</caption>
 * <tr><th>spec</th><th>code</th></tr>
 * <tr><td>{@code G}, {@code q}, {@code O}</td><td>{@link vn.phieukin.committee.Group#generator()},
 *     {@link vn.phieukin.committee.Group#ORDER}, {@link vn.phieukin.committee.Group#identity()}</td></tr>
 * <tr><td>{@code Hq(tag, …)}</td><td>{@link vn.phieukin.committee.Hq#hash}</td></tr>
 * <tr><td>{@code H} (joint key)</td><td>{@link vn.phieukin.committee.JointKey}</td></tr>
 * <tr><td>{@code (α, β)}</td><td>{@link vn.phieukin.committee.Ciphertext} {@code alpha}, {@code beta}</td></tr>
 * <tr><td>{@code r}, {@code m}</td><td>{@code r}, {@code m} (randomness, plaintext)</td></tr>
 * <tr><td>{@code iprove}, {@code [{c, s}]}</td><td>{@link vn.phieukin.committee.IntervalProof},
 *     {@link vn.phieukin.committee.ChallengeResponse}</td></tr>
 * <tr><td>{@code S} (context)</td><td>{@code context}</td></tr>
 * <tr><td>{@code f_i}, {@code a_il}</td><td>{@link vn.phieukin.committee.Polynomial}, its {@code coefficients}</td></tr>
 * <tr><td>{@code C_il}</td><td>{@code commitments} ({@link vn.phieukin.committee.Polynomial#commitments()})</td></tr>
 * <tr><td>{@code {T, z}}</td><td>{@link vn.phieukin.committee.SchnorrProof} ({@code pok})</td></tr>
 * <tr><td>{@code E_i}</td><td>{@code shareKey} ({@link vn.phieukin.committee.ShareEncryption})</td></tr>
 * <tr><td>{@code f_i(j)}, {@code s_j}</td><td>{@code share}, {@code keyShare}
 *     ({@link vn.phieukin.committee.Feldman#keyShare})</td></tr>
 * <tr><td>{@code S_j}</td><td>{@code verificationKey} ({@link vn.phieukin.committee.Feldman#verificationKey})</td></tr>
 * <tr><td>{@code D_j}, {@code {D, c, s}}</td><td>{@link vn.phieukin.committee.DecryptionShare}</td></tr>
 * <tr><td>{@code λ_j}, {@code Q}</td><td>{@link vn.phieukin.committee.Lagrange#coefficients}</td></tr>
 * <tr><td>{@code ctx}</td><td>{@link vn.phieukin.committee.SchnorrProof#context}</td></tr>
 * <tr><td>fingerprint</td><td>{@link vn.phieukin.committee.CommitteeTranscript#fingerprint} (what is
 *     hashed is written there)</td></tr>
 * </table>
 *
 * <p>Randomness: {@link vn.phieukin.committee.Randomness#secure()} (SecureRandom, 32 bytes per
 * attempt, rejected unless in [1, q)). The order in which a prover draws its scalars is part of
 * this package's contract only for the deterministic test vectors: see
 * {@link vn.phieukin.committee.IntervalProof} and {@link vn.phieukin.committee.EncryptedBallot}.
 */
package vn.phieukin.committee;
