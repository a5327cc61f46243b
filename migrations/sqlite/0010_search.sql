-- Full-text search over contacts (SQLite). Keep in step with migrations/postgres/0010_search.sql.

-- An FTS5 index over each contact's subject and notes, kept by triggers in
-- the same transaction as the contact. The porter stemmer makes
-- "behaviours" find "behaviour". External content: the text lives once, in
-- contacts; the index holds only the terms.
CREATE VIRTUAL TABLE contacts_search USING fts5(
    subject, notes, content = 'contacts', content_rowid = 'id', tokenize = 'porter unicode61'
);

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search (rowid, subject, notes) VALUES (new.id, new.subject, new.notes);
END;

CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_search (contacts_search, rowid, subject, notes) VALUES ('delete', old.id, old.subject, old.notes);
END;

CREATE TRIGGER contacts_search_update AFTER UPDATE OF subject, notes ON contacts BEGIN
    INSERT INTO contacts_search (contacts_search, rowid, subject, notes) VALUES ('delete', old.id, old.subject, old.notes);
    INSERT INTO contacts_search (rowid, subject, notes) VALUES (new.id, new.subject, new.notes);
END;

-- Contacts logged before this migration.
INSERT INTO contacts_search (contacts_search) VALUES ('rebuild');
