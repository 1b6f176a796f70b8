package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import vn.phieukin.procedure.Attendance;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Tally;

/**
 * Everything the server knows about a closed round that goes into its sealed record
 * (PROTOCOL.md "The sealed record"). Build the record with {@link SealedRecords#seal}.
 * The record's top-level {@code tokenKey} is {@code round.tokenKey()}; the result is rendered
 * with {@link ResultJson#render} against {@code review.cadres()}.
 *
 * @param ballots      every electronic ballot as cast, in any order (the record sorts them by receipt)
 * @param paperBallots every paper ballot entered, in any order (sorted by receipt too)
 * @param decisions    the chair's decisions in the order they were made (empty until one is made)
 * @param supersedes   null for the record written at close; for a record written after a
 *                     decision, {@link RecordHash#sha256} of the record it replaces
 */
public record RecordInput(
        ReviewFacts review,
        ConferenceFacts conference,
        Rules rules,
        AttendanceFacts attendance,
        RoundView round,
        Issued issued,
        List<CastBallot> ballots,
        List<PaperEntry> paperBallots,
        Tally tally,
        RoundResult result,
        List<ChairDecision> decisions,
        String supersedes) {

    public RecordInput {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(conference, "conference");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(attendance, "attendance");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(result, "result");
        ballots = List.copyOf(ballots);
        paperBallots = List.copyOf(paperBallots);
        decisions = List.copyOf(decisions);
        if (supersedes != null && !RecordHash.isHash(supersedes)) {
            throw new IllegalArgumentException("supersedes must be 64 lowercase hex characters");
        }
    }

    /** The review: {@code {id, name, referenceDate, cadres}}; cadres are the registry write-ins are checked against. */
    public record ReviewFacts(String id, String name, LocalDate referenceDate, List<Cadre> cadres) {
        public ReviewFacts {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(referenceDate, "referenceDate");
            cadres = List.copyOf(cadres);
            if (new HashSet<>(cadres.stream().map(Cadre::id).toList()).size() != cadres.size()) {
                throw new IllegalArgumentException("a cadre id appears twice in the registry");
            }
        }
    }

    /** The conference: {@code {id, step, title, date}}. */
    public record ConferenceFacts(String id, int step, String title, LocalDate date) {
        public ConferenceFacts {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(date, "date");
        }
    }

    /** A member left out of the convened count, with the written reason. */
    public record Exclusion(String delegateId, String fullName, String reason) {
        public Exclusion {
            Objects.requireNonNull(delegateId, "delegateId");
            Objects.requireNonNull(fullName, "fullName");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * {@code {convened, excluded:[…], present, quorumRequired, quorumMet}} with {@code present}
     * the count frozen when the round opened.
     */
    public record AttendanceFacts(long convened, List<Exclusion> excluded, long present, long quorumRequired,
            boolean quorumMet) {
        public AttendanceFacts {
            excluded = List.copyOf(excluded);
        }

        /** From the procedure's attendance at the moment the round opened, and the exclusions behind it. */
        public static AttendanceFacts of(Attendance atOpen, List<Exclusion> excluded) {
            if (atOpen.excluded() != excluded.size()) {
                throw new IllegalArgumentException("attendance counts " + atOpen.excluded() + " exclusions, "
                        + excluded.size() + " given");
            }
            return new AttendanceFacts(atOpen.convened(), excluded, atOpen.present(), atOpen.quorumRequired(),
                    atOpen.quorumMet());
        }
    }

    /**
     * Who received a token ({@code electronicTo}) or a paper ballot ({@code paperTo}): delegate ids,
     * participation only. The record writes the counts as {@code electronic} and {@code paper}.
     */
    public record Issued(List<String> electronicTo, List<String> paperTo, List<Replacement> replacements) {
        public Issued {
            electronicTo = List.copyOf(electronicTo);
            paperTo = List.copyOf(paperTo);
            replacements = List.copyOf(replacements);
        }

        public Issued(List<String> electronicTo, List<String> paperTo) {
            this(electronicTo, paperTo, List.of());
        }
    }

    /**
     * A replacement ballot (đổi phiếu): a present delegate's device failed after it received its
     * token, and the desk gave a new token ({@code ELECTRONIC}, on a newly paired tablet) or a paper
     * ballot ({@code PAPER}). Whether the old token was cast cannot be known; the record says so openly.
     */
    public record Replacement(String delegateId, String kind, String reason, String at) {
        public Replacement {
            Objects.requireNonNull(delegateId, "delegateId");
            if (!kind.equals("ELECTRONIC") && !kind.equals("PAPER")) {
                throw new IllegalArgumentException("a replacement is ELECTRONIC or PAPER: " + kind);
            }
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /** One electronic ballot: its receipt and the cast request exactly as received. */
    public record CastBallot(String receipt, JsonNode request) {
        public CastBallot {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(request, "request");
        }
    }

    /** One paper ballot as entered: receipt, {@code choices} in the ballot body's form, and the committee's invalid mark. */
    public record PaperEntry(String receipt, JsonNode choices, boolean invalid) {
        public PaperEntry {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(choices, "choices");
        }
    }
}
