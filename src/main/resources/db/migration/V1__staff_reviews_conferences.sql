-- Staff, reviews with their registry and planning, conferences with roster and tablets.
-- Every entity has an integer seq; the API id is a type prefix + seq (see vn.phieukin.store.Ids).
-- Secrets (tokens, pairing codes) are kept only as SHA-256 hashes; passwords as bcrypt.

CREATE TABLE users (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('ADMIN', 'SECRETARIAT', 'CHAIR', 'AUDITOR')),
    display_name  TEXT NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash BLOB PRIMARY KEY,
    user_seq   INTEGER NOT NULL REFERENCES users(seq),
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reviews (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL,
    reference_date TEXT NOT NULL
);

CREATE TABLE positions (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    review_seq  INTEGER NOT NULL REFERENCES reviews(seq),
    name        TEXT NOT NULL,
    max_planned INTEGER NOT NULL CHECK (max_planned BETWEEN 1 AND 20)
);
CREATE INDEX positions_by_review ON positions(review_seq);

CREATE TABLE cadres (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    review_seq       INTEGER NOT NULL REFERENCES reviews(seq),
    full_name        TEXT NOT NULL,
    birth_date       TEXT NOT NULL,
    gender           TEXT NOT NULL CHECK (gender IN ('F', 'M')),
    ethnicity        TEXT NOT NULL,
    title            TEXT NOT NULL,
    unit             TEXT NOT NULL,
    stem             INTEGER NOT NULL CHECK (stem IN (0, 1)),
    subordinate_post INTEGER NOT NULL CHECK (subordinate_post IN (0, 1))
);
CREATE INDEX cadres_by_review ON cadres(review_seq);

-- planned before the review (step-1 lines)
CREATE TABLE planned (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    review_seq   INTEGER NOT NULL REFERENCES reviews(seq),
    cadre_seq    INTEGER NOT NULL REFERENCES cadres(seq),
    position_seq INTEGER NOT NULL REFERENCES positions(seq),
    UNIQUE (cadre_seq, position_seq)
);
CREATE INDEX planned_by_review ON planned(review_seq);

-- the supplementary list approved at step 1, printed on the step-2 ballot
CREATE TABLE supplementary (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    review_seq   INTEGER NOT NULL REFERENCES reviews(seq),
    cadre_seq    INTEGER NOT NULL REFERENCES cadres(seq),
    position_seq INTEGER NOT NULL REFERENCES positions(seq),
    UNIQUE (cadre_seq, position_seq)
);
CREATE INDEX supplementary_by_review ON supplementary(review_seq);

CREATE TABLE conferences (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    review_seq INTEGER NOT NULL REFERENCES reviews(seq),
    step       INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
    title      TEXT NOT NULL,
    date       TEXT NOT NULL,
    rules      TEXT NOT NULL
);
CREATE INDEX conferences_by_review ON conferences(review_seq);

CREATE TABLE delegates (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_seq   INTEGER NOT NULL REFERENCES conferences(seq),
    full_name        TEXT NOT NULL,
    title            TEXT NOT NULL DEFAULT '',
    chair            INTEGER NOT NULL DEFAULT 0 CHECK (chair IN (0, 1)),
    exclusion_reason TEXT,
    present          INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
    CHECK (NOT (present = 1 AND exclusion_reason IS NOT NULL))
);
CREATE INDEX delegates_by_conference ON delegates(conference_seq);

-- at most one live pairing code per delegate; a used code is deleted
CREATE TABLE pairing_codes (
    delegate_seq INTEGER PRIMARY KEY REFERENCES delegates(seq),
    code_hash    BLOB NOT NULL UNIQUE,
    expires_at   INTEGER NOT NULL
);

-- at most one paired tablet per delegate: a new pairing replaces the older tablet
CREATE TABLE tablets (
    token_hash   BLOB PRIMARY KEY,
    delegate_seq INTEGER NOT NULL UNIQUE REFERENCES delegates(seq)
) WITHOUT ROWID;
