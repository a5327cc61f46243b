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

-- Finding a caller by date of birth (with a name or postcode).
CREATE INDEX persons_date_of_birth ON persons (date_of_birth);

-- Every name a person goes by: the current one, previous names and aliases.
CREATE TABLE person_names (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    given       TEXT NOT NULL,
    family      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('current', 'previous', 'alias')),
    created_at  TEXT NOT NULL
);
CREATE INDEX person_names_person ON person_names (person_id);

-- Phones (E.164), emails (lower-case) and external references (upper-case,
-- kind `reference-<kind>`). Not unique: a household may share a phone.
CREATE TABLE person_identifiers (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'email') OR kind LIKE 'reference-%'),
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX person_identifiers_lookup ON person_identifiers (kind, value);
CREATE INDEX person_identifiers_person ON person_identifiers (person_id);

-- Blocking keys of every name (domain `name_blocking_keys`), so a misspelt
-- name fetches a small candidate set by key lookup.
CREATE TABLE person_name_keys (
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    key         TEXT NOT NULL
);
CREATE INDEX person_name_keys_key ON person_name_keys (key);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
