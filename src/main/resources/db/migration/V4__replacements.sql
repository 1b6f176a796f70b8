-- Replacement ballots (đổi phiếu): a present delegate whose tablet failed after it had received
-- the round's token gets a new token on a newly paired tablet, or a paper ballot. The server
-- cannot know whether the old token was cast (that is the point of the blind token), so the
-- replacement is counted openly in the sealed record; at most one per delegate and round.
CREATE TABLE replacements (
    round_seq    INTEGER NOT NULL REFERENCES rounds(seq),
    delegate_seq INTEGER NOT NULL REFERENCES delegates(seq),
    kind         TEXT NOT NULL CHECK (kind IN ('ELECTRONIC', 'PAPER')),
    reason       TEXT NOT NULL,
    at           TEXT NOT NULL,
    PRIMARY KEY (round_seq, delegate_seq)
) WITHOUT ROWID;

-- the second token of a delegate with an ELECTRONIC replacement (the first stays in token_issuance)
CREATE TABLE token_reissuance (
    round_seq       INTEGER NOT NULL REFERENCES rounds(seq),
    delegate_seq    INTEGER NOT NULL REFERENCES delegates(seq),
    blinded_message BLOB NOT NULL,
    blind_signature BLOB NOT NULL,
    PRIMARY KEY (round_seq, delegate_seq)
) WITHOUT ROWID;
