package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.Section;

/**
 * A round as the API shows it ({@code GET /api/v1/rounds/{id}}) and as the sealed record keeps
 * it; render with {@link ProcedureJson#round(RoundView)}.
 *
 * @param status        {@code DRAFT}, {@code OPEN} or {@code CLOSED}
 * @param sections      NOMINATION only (empty for REMOVAL)
 * @param lines         REMOVAL only (empty for NOMINATION)
 * @param tokenKey      the round key as JWK {@code {"kty":"RSA","n","e"}} once open, else null
 * @param presentAtOpen the present count frozen when the round opened, null while a draft
 * @param issued        ballots issued: electronic tokens + paper ballots handed out
 * @param cast          ballots cast: electronic ballots + paper ballots entered
 */
public record RoundView(
        String id,
        String conferenceId,
        int step,
        BallotKind kind,
        String status,
        List<Section> sections,
        List<RemovalLine> lines,
        List<BallotWarning> warnings,
        JsonNode tokenKey,
        Long presentAtOpen,
        long issued,
        long cast) {

    public static final Set<String> STATUSES = Set.of("DRAFT", "OPEN", "CLOSED");

    public RoundView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("round status must be DRAFT, OPEN or CLOSED: " + status);
        }
        sections = List.copyOf(sections);
        lines = List.copyOf(lines);
        warnings = List.copyOf(warnings);
        if (kind == BallotKind.REMOVAL && !sections.isEmpty() || kind == BallotKind.NOMINATION && !lines.isEmpty()) {
            throw new IllegalArgumentException(kind + " round with the other kind's content");
        }
        if (issued < 0 || cast < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }
}
