-- Pairing by the desk's QR code: beside the 8-digit code, a long random secret (SHA-256 only);
-- either one uses up the pairing.
ALTER TABLE pairing_codes ADD COLUMN secret_hash BLOB;
CREATE UNIQUE INDEX pairing_codes_by_secret ON pairing_codes(secret_hash);

-- a tablet token stops working at this instant (ms) at the latest; NULL for tablets paired
-- before this migration (they still stop at check-out and when the conference ends)
ALTER TABLE tablets ADD COLUMN expires_at INTEGER;

-- set when the secretariat ends the conference: its tablets are unpaired, no new check-in
ALTER TABLE conferences ADD COLUMN ended_at TEXT;

-- a round of a step that already has a closed round: which round it repeats and the written
-- reason (shown in both rounds' minutes, and sealed in the repeat's record)
CREATE TABLE round_repeats (
    round_seq   INTEGER PRIMARY KEY REFERENCES rounds(seq),
    repeats_seq INTEGER NOT NULL REFERENCES rounds(seq),
    reason      TEXT NOT NULL
);

-- the order in which rounds closed: the latest closed round of a step is the source of the next
CREATE TABLE round_closings (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    round_seq INTEGER NOT NULL UNIQUE REFERENCES rounds(seq)
);
INSERT INTO round_closings(round_seq) SELECT seq FROM rounds WHERE status = 'CLOSED' ORDER BY seq;
