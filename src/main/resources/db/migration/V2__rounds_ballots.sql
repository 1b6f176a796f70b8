-- Voting rounds, token issuance, the ballot box and the sealed records (PROTOCOL.md).
-- Secrecy: no table here links a delegate to a ballot. Ballots carry no time, address,
-- request id or arrival order (WITHOUT ROWID, keyed by receipt); issuance rows hold only the
-- delegate, the blinded message and the blind signature.

CREATE TABLE rounds (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_seq  INTEGER NOT NULL REFERENCES conferences(seq),
    kind            TEXT NOT NULL CHECK (kind IN ('REMOVAL', 'NOMINATION')),
    status          TEXT NOT NULL CHECK (status IN ('DRAFT', 'OPEN', 'CLOSED')),
    -- the ballot as the API shows it: {"lines":[…]} or {"sections":[…]}
    definition      TEXT NOT NULL,
    warnings        TEXT NOT NULL,
    -- set when the round opens: the public round key (JWK) and the attendance frozen then
    token_key       TEXT,
    attendance      TEXT,
    present_at_open INTEGER,
    -- set when the round closes, replaced after each chair decision: the result as the API shows it
    result          TEXT
);
CREATE INDEX rounds_by_conference ON rounds(conference_seq);
-- at most one open round per conference
CREATE UNIQUE INDEX one_open_round_per_conference ON rounds(conference_seq) WHERE status = 'OPEN';

-- the delegates present when the round opened: only they may receive a token or a paper ballot
CREATE TABLE round_present (
    round_seq    INTEGER NOT NULL REFERENCES rounds(seq),
    delegate_seq INTEGER NOT NULL REFERENCES delegates(seq),
    PRIMARY KEY (round_seq, delegate_seq)
) WITHOUT ROWID;

-- the private part of an open round's key (PKCS#8), kept so that a restart can go on issuing;
-- overwritten and deleted when the round closes
CREATE TABLE round_private_keys (
    round_seq   INTEGER PRIMARY KEY REFERENCES rounds(seq),
    private_key BLOB NOT NULL
);

-- one token per delegate and round: who, the blinded message and the blind signature, nothing else
CREATE TABLE token_issuance (
    round_seq       INTEGER NOT NULL REFERENCES rounds(seq),
    delegate_seq    INTEGER NOT NULL REFERENCES delegates(seq),
    blinded_message BLOB NOT NULL,
    blind_signature BLOB NOT NULL,
    PRIMARY KEY (round_seq, delegate_seq)
) WITHOUT ROWID;

-- delegates who received a paper ballot instead of a token
CREATE TABLE paper_issuance (
    round_seq    INTEGER NOT NULL REFERENCES rounds(seq),
    delegate_seq INTEGER NOT NULL REFERENCES delegates(seq),
    PRIMARY KEY (round_seq, delegate_seq)
) WITHOUT ROWID;

-- the ballot box: each cast request as received (canonical JSON), keyed by its receipt
CREATE TABLE ballots (
    receipt   TEXT PRIMARY KEY,
    round_seq INTEGER NOT NULL REFERENCES rounds(seq),
    token_key TEXT NOT NULL,
    request   TEXT NOT NULL,
    UNIQUE (round_seq, token_key)
) WITHOUT ROWID;
CREATE INDEX ballots_by_round ON ballots(round_seq, receipt);

-- paper ballots entered by the secretariat; the receipt is random (identical papers are distinct)
CREATE TABLE paper_ballots (
    receipt   TEXT PRIMARY KEY,
    round_seq INTEGER NOT NULL REFERENCES rounds(seq),
    choices   TEXT NOT NULL,
    invalid   INTEGER NOT NULL CHECK (invalid IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX paper_ballots_by_round ON paper_ballots(round_seq, receipt);

-- the Bí thư's tie-breaks, one per position of a round
CREATE TABLE chair_decisions (
    round_seq   INTEGER NOT NULL REFERENCES rounds(seq),
    position_id TEXT NOT NULL,
    chosen      TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (round_seq, position_id)
) WITHOUT ROWID;

-- every sealed record of a round: version 1 at close, one more after each decision
CREATE TABLE sealed_records (
    round_seq INTEGER NOT NULL REFERENCES rounds(seq),
    version   INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    record    TEXT NOT NULL,
    PRIMARY KEY (round_seq, version)
) WITHOUT ROWID;
