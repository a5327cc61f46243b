-- Policies as data (SQLite). Keep in step with migrations/postgres/0004_policies.sql.

-- An office's own numbers for a built-in mechanism (frequent-caller
-- thresholds, THRIVE grading rules, ...), as the domain type's JSON. A key
-- with no row uses the built-in preset. Changes are audited and versioned.
CREATE TABLE policies (
    key          TEXT PRIMARY KEY,
    body         TEXT NOT NULL,
    updated_by   INTEGER REFERENCES users(id),
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
