-- Policies as data (PostgreSQL). Keep in step with migrations/sqlite/0004_policies.sql.

-- An office's own numbers for a built-in mechanism (frequent-caller
-- thresholds, THRIVE grading rules, ...), as the domain type's JSON. A key
-- with no row uses the built-in preset. Changes are audited and versioned.
CREATE TABLE policies (
    key          TEXT PRIMARY KEY,
    body         TEXT NOT NULL,
    updated_by   BIGINT REFERENCES users(id),
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
