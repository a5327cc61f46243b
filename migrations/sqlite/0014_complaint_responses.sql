-- Complaint responses and letters (SQLite). Keep in step with migrations/postgres/0014_complaint_responses.sql.
-- One written response per part of a complaint: the domain's Response as
-- JSON (draft content, author, stage with its approval, returns with the
-- reviewers' comments); `stage` mirrors it for lists. `version` guards
-- against two people changing the same response at once.
CREATE TABLE complaint_responses (
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    part          INTEGER NOT NULL,
    author_id     INTEGER REFERENCES users(id),
    stage         TEXT NOT NULL,
    record        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (complaint_id, part)
);

-- Each letter produced for a complaint, kept as it was produced: later
-- changes to the template or the complaint do not rewrite what was sent.
CREATE TABLE complaint_letters (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    part          INTEGER,
    kind          TEXT NOT NULL,
    body_text     TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    produced_by   INTEGER REFERENCES users(id),
    produced_at   TEXT NOT NULL
);
CREATE INDEX complaint_letters_complaint ON complaint_letters (complaint_id, id);
