-- Full-text search over contacts (PostgreSQL). Keep in step with migrations/sqlite/0010_search.sql.

-- A generated tsvector over each contact's subject and notes with the
-- English stemmer, so "behaviours" finds "behaviour", and a GIN index on it.
ALTER TABLE contacts ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', subject || ' ' || notes)) STORED;
CREATE INDEX contacts_search ON contacts USING GIN (search);
