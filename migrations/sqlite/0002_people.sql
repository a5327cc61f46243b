-- People and recognition (SQLite). Keep in step with migrations/postgres/0002_people.sql.

-- Members of the public who contact the offices. Merged persons keep their row
-- and point at the survivor, so an unmerge can restore them.
CREATE TABLE persons (
    id               INTEGER PRIMARY KEY,
    display_name     TEXT NOT NULL,
    date_of_birth    TEXT,
    postcode         TEXT,
    merged_into_id   INTEGER REFERENCES persons(id),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
