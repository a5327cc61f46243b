-- Special-category markers, tasks and person merges (SQLite).
-- Keep in step with migrations/postgres/0007_safeguarding.sql.

-- Special-category data about a person (UK GDPR Art 9): the kind of
-- condition, the reasonable adjustments it calls for, where we learnt it,
-- the Art 9 / DPA 2018 Sch 1 condition relied on, and when to review it.
-- Withdrawn markers keep their row; reads are audited by the app.
CREATE TABLE special_category_markers (
    id                      INTEGER PRIMARY KEY,
    person_id               INTEGER NOT NULL REFERENCES persons(id),
    kind                    TEXT NOT NULL,   -- mental-health-condition, learning-disability, autism, personality-disorder, other
    reasonable_adjustments  TEXT NOT NULL,   -- how to communicate; may be empty
    source                  TEXT NOT NULL,
    source_date             TEXT NOT NULL,
    lawful_basis            TEXT NOT NULL,   -- domain LawfulBasis slug
    review_date             TEXT NOT NULL,
    recorded_by             INTEGER REFERENCES users(id),
    recorded_at             TEXT NOT NULL,
    withdrawn_by            INTEGER REFERENCES users(id),
    withdrawn_at            TEXT,
    withdrawal_reason       TEXT
);
CREATE INDEX special_category_markers_person ON special_category_markers (person_id);

-- A general task list: work assigned to one member of staff (a safeguarding
-- concern for a manager now; complaint steps later).
CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    assignee_id  INTEGER NOT NULL REFERENCES users(id),
    kind         TEXT NOT NULL,              -- domain TaskKind slug, e.g. safeguarding-concern
    title        TEXT NOT NULL,
    detail       TEXT NOT NULL,
    person_id    INTEGER REFERENCES persons(id),
    contact_id   INTEGER REFERENCES contacts(id),
    created_by   INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'done')),
    done_at      TEXT,
    note         TEXT                        -- what the assignee decided or did
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, state);

-- One person merged into another, and whether it was undone.
CREATE TABLE person_merges (
    id              INTEGER PRIMARY KEY,
    survivor_id     INTEGER NOT NULL REFERENCES persons(id),
    merged_id       INTEGER NOT NULL REFERENCES persons(id),
    reason          TEXT NOT NULL,
    merged_by       INTEGER REFERENCES users(id),
    merged_at       TEXT NOT NULL,
    unmerged_by     INTEGER REFERENCES users(id),
    unmerged_at     TEXT,
    unmerge_reason  TEXT
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_merged ON person_merges (merged_id);

-- Exactly which rows a merge moved to the survivor, so an unmerge moves
-- exactly those back. `old_kind` keeps a moved name's kind (a merged
-- person's current name becomes the survivor's alias).
CREATE TABLE person_merge_rows (
    merge_id    INTEGER NOT NULL REFERENCES person_merges(id),
    row_table   TEXT NOT NULL CHECK (row_table IN ('contacts', 'person_identifiers', 'person_names', 'special_category_markers')),
    row_id      INTEGER NOT NULL,
    old_kind    TEXT,
    PRIMARY KEY (merge_id, row_table, row_id)
);
