-- Faster recognition at a million persons.
--
-- Key lookups read only the index: (key, person_id) covers them, so no
-- table row is visited per matching key.
DROP INDEX person_name_keys_key;
CREATE INDEX person_name_keys_key_person ON person_name_keys (key, person_id);

-- Whether the person has a date of birth on file, copied onto their keys
-- (persons' dates of birth are set when they are created and merges
-- rebuild keys), so a caller who gives a date of birth is matched against
-- the persons born that day plus the few keyed persons with no date on
-- file, without visiting everyone who shares a common name.
ALTER TABLE person_name_keys ADD COLUMN date_of_birth_known BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE person_name_keys SET date_of_birth_known = TRUE
 WHERE person_id IN (SELECT id FROM persons WHERE date_of_birth IS NOT NULL);
CREATE INDEX person_name_keys_undated ON person_name_keys (key, person_id) WHERE NOT date_of_birth_known;
