-- Pairing by the desk's QR code: beside the 8-digit code, a long random secret (SHA-256 only);
-- either one uses up the pairing.
ALTER TABLE pairing_codes ADD COLUMN secret_hash BLOB;
CREATE UNIQUE INDEX pairing_codes_by_secret ON pairing_codes(secret_hash);

-- a tablet token stops working at this instant (ms) at the latest; NULL for tablets paired
-- before this migration (they still stop at check-out and when the conference ends)
ALTER TABLE tablets ADD COLUMN expires_at INTEGER;

-- set when the secretariat ends the conference: its tablets are unpaired, no new check-in
ALTER TABLE conferences ADD COLUMN ended_at TEXT;

-- a round of a step that already has a closed round: the written reason (shown in the minutes)
ALTER TABLE rounds ADD COLUMN repeat_reason TEXT;
