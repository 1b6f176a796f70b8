package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * The anonymous ballot box, {@code POST /api/v1/rounds/{id}/ballots}: no credentials, no
 * cookie, no access log, nothing logged. The checks of PROTOCOL.md in order: the round is open
 * (409 ROUND_STATE), the token (403 BAD_TOKEN), the ballot signature (403 BAD_SIGNATURE), the
 * body (400 INVALID_BALLOT, token not spent); then, in the single writer: the same request again
 * answers 200 with the same receipt, another ballot with a spent token 409 TOKEN_SPENT, a ballot
 * when the box already holds as many ballots as tokens were issued 409 BALLOT_LIMIT. The
 * ballot is stored with its receipt and nothing else (no time, address or order), in the group
 * commit of the writer; the answer leaves only once that transaction is durable.
 */
final class BallotBox {
    /** What the checks need of an open round, kept in memory while it is open. */
    record OpenBallot(String conferenceId, RoundDefinition definition, RoundPublicKey key, CastCheck.V2 v2) {
    }

    private final Vertx vertx;
    private final Database db;
    private final RoundEvents events;
    private final Map<String, OpenBallot> open = new ConcurrentHashMap<>();
    private final java.util.Set<String> closedRounds = ConcurrentHashMap.newKeySet();

    BallotBox(Vertx vertx, Database db, RoundEvents events) {
        this.vertx = vertx;
        this.db = db;
        this.events = events;
    }

    Future<Reply> cast(RoutingContext ctx) {
        String roundId = ctx.pathParam("id");
        byte[] request = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        return openBallot(roundId)
                .compose(ballot -> vertx.executeBlocking(() -> CastCheck.check(ballot.definition(), ballot.key(), request,
                        ballot.v2()),
                        false).compose(accepted -> store(roundId, accepted)).map(reply -> {
                            if (reply.status() == 201) {
                                events.countsChanged(ballot.conferenceId(), roundId);
                            }
                            return reply;
                        }));
    }

    private Future<Reply> store(String roundId, CastCheck.Accepted ballot) {
        return db.write(c -> {
            if (!"OPEN".equals(RoundStore.status(c, roundId).orElseThrow())) {
                throw closed(roundId);
            }
            var spent = RoundStore.receiptOfToken(c, roundId, ballot.tokenKey());
            if (spent.isPresent()) {
                if (spent.get().equals(ballot.receipt())) {
                    return Reply.ok(new JsonObject().put("receipt", ballot.receipt()));
                }
                throw new RefusedException("TOKEN_SPENT", "Mã phiếu (token) này đã được dùng để bỏ một lá phiếu khác "
                        + "trong phiên này: mỗi mã phiếu chỉ bỏ được một lần.");
            }
            // a token minted with a leaked round key can never add a ballot beyond those issued
            RoundStore.Counts counts = RoundStore.counts(c, roundId);
            if (counts.ballotsCast() >= counts.tokensIssued()) {
                throw new RefusedException("BALLOT_LIMIT", "Hòm phiếu đã có " + counts.ballotsCast()
                        + " phiếu điện tử, bằng số mã phiếu đã cấp (" + counts.tokensIssued()
                        + "): không nhận thêm phiếu. Phiếu này không được ghi nhận.");
            }
            RoundStore.insertBallot(c, roundId, ballot.receipt(), ballot.tokenKey(), ballot.canonicalRequest());
            return Reply.created(new JsonObject().put("receipt", ballot.receipt()));
        });
    }

    /** The open round's definition and key: from memory, or read once (and after a restart). */
    private Future<OpenBallot> openBallot(String roundId) {
        OpenBallot known = open.get(roundId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        if (closedRounds.contains(roundId)) {
            return Future.failedFuture(closed(roundId));
        }
        return db.read(c -> {
            RoundStore.Round row = RoundStore.round(c, roundId).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", roundId));
            if (!row.isOpen()) {
                throw closed(roundId);
            }
            RoundFacts facts = RoundFacts.of(c, row);
            CastCheck.V2 v2 = facts.encrypted()
                    ? new CastCheck.V2(vn.phieukin.record.v2.Layouts.of(facts.definition()),
                            vn.phieukin.committee.JointKey.fromText(facts.committee().row().jointKey()))
                    : null;
            return new OpenBallot(row.conferenceId(), facts.definition(),
                    RoundPublicKey.fromJwk(RoundFacts.tree(row.tokenKeyJson())), v2);
        }).map(ballot -> {
            if (!closedRounds.contains(roundId)) {
                open.putIfAbsent(roundId, ballot);
            }
            return ballot;
        });
    }

    /** The round closed: its ballot and key are no longer needed in memory. */
    void forget(String roundId) {
        closedRounds.add(roundId);
        open.remove(roundId);
    }

    private static RefusedException closed(String roundId) {
        return new RefusedException("ROUND_STATE", "Phiên bỏ phiếu này không mở: không nhận phiếu.");
    }
}
