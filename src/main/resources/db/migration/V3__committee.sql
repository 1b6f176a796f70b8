-- The counting committee (Ban kiểm phiếu) of a conference, its key ceremony, encrypted tallies
-- and decryption contributions (COMMITTEE.md, protocol v2). Everything here is the public
-- transcript, except the SHA-256 hashes of pairing codes and member tokens. The members' key
-- shares never reach the server: only shares encrypted to their addressees do.

CREATE TABLE committees (
    conference_seq INTEGER PRIMARY KEY REFERENCES conferences(seq),
    size           INTEGER NOT NULL CHECK (size BETWEEN 1 AND 9),
    threshold      INTEGER NOT NULL CHECK (threshold BETWEEN 1 AND size),
    status         TEXT NOT NULL CHECK (status IN ('KEYS', 'DEAL', 'CHECK', 'READY', 'FAILED')),
    -- {"from","against","reason"} once a member complained (status FAILED)
    complaint      TEXT,
    -- set when every member accepted (status READY)
    joint_key      TEXT,
    fingerprint    TEXT
);

CREATE TABLE committee_members (
    conference_seq     INTEGER NOT NULL REFERENCES committees(conference_seq),
    member_index       INTEGER NOT NULL,
    full_name          TEXT NOT NULL,
    pairing_hash       BLOB UNIQUE,
    pairing_expires_at INTEGER,
    token_hash         BLOB UNIQUE,
    -- the member device's ECDH P-256 public key for receiving shares (SPKI, base64url)
    share_key          TEXT,
    -- {"commitments":[…],"pok":{"T","z"}} once dealt
    deal               TEXT,
    verification_key   TEXT,
    accepted           INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
    PRIMARY KEY (conference_seq, member_index)
) WITHOUT ROWID;

-- the shares dealt, each encrypted to its addressee (AES-256-GCM under an ECDH-derived key)
CREATE TABLE committee_shares (
    conference_seq INTEGER NOT NULL REFERENCES committees(conference_seq),
    from_index     INTEGER NOT NULL,
    to_index       INTEGER NOT NULL,
    iv             TEXT NOT NULL,
    ciphertext     TEXT NOT NULL,
    PRIMARY KEY (conference_seq, from_index, to_index)
) WITHOUT ROWID;

-- the slot-wise sum of a closed v2 round's ciphertexts: {"slot name":{"alpha","beta"}}
CREATE TABLE encrypted_tallies (
    round_seq INTEGER PRIMARY KEY REFERENCES rounds(seq),
    ballots   INTEGER NOT NULL,
    slots     TEXT NOT NULL
);

-- one valid decryption contribution per member and round; arrival orders them (the first k combine)
CREATE TABLE decryptions (
    round_seq     INTEGER NOT NULL REFERENCES rounds(seq),
    member_index  INTEGER NOT NULL,
    arrival       INTEGER NOT NULL,
    contributions TEXT NOT NULL,
    PRIMARY KEY (round_seq, member_index)
) WITHOUT ROWID;
