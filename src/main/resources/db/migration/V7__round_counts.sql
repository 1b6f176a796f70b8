-- Issue 10: the ballot box checks the ballot limit (ballots cast < tokens issued) on every cast, in
-- the single writer. Four COUNT(*) per cast grew with the round (O(n) each, O(n^2) per round); one
-- counter row per round, kept by RoundStore in the same transaction as each insert, replaces them.
-- The counts are public (the hall screen shows them); a counter holds no order and no choice.
CREATE TABLE round_counts (
    round_seq      INTEGER PRIMARY KEY REFERENCES rounds(seq),
    tokens_issued  INTEGER NOT NULL DEFAULT 0,
    paper_issued   INTEGER NOT NULL DEFAULT 0,
    ballots_cast   INTEGER NOT NULL DEFAULT 0,
    paper_ballots  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO round_counts(round_seq, tokens_issued, paper_issued, ballots_cast, paper_ballots)
SELECT seq,
       (SELECT COUNT(*) FROM token_issuance t WHERE t.round_seq = rounds.seq)
           + (SELECT COUNT(*) FROM token_reissuance r WHERE r.round_seq = rounds.seq),
       (SELECT COUNT(*) FROM paper_issuance p WHERE p.round_seq = rounds.seq),
       (SELECT COUNT(*) FROM ballots b WHERE b.round_seq = rounds.seq),
       (SELECT COUNT(*) FROM paper_ballots q WHERE q.round_seq = rounds.seq)
FROM rounds;
