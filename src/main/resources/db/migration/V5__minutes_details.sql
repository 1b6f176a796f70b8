-- What the minutes (biên bản kiểm phiếu) need beyond the record: when each round was opened and
-- closed, and the conference's place and counting committee (Ban kiểm phiếu) as the secretariat
-- enters them. Times of opening and closing say nothing of any ballot.
CREATE TABLE round_times (
    round_seq INTEGER PRIMARY KEY REFERENCES rounds(seq),
    opened_at TEXT,
    closed_at TEXT
);

CREATE TABLE conference_minutes (
    conference_seq     INTEGER PRIMARY KEY REFERENCES conferences(seq),
    place              TEXT NOT NULL DEFAULT '',
    counting_committee TEXT NOT NULL DEFAULT '[]'
);
