-- ThiDua: the schema of a new database.
--
-- `thidua migrate` applies this file to an empty database in one transaction. A database made
-- by an earlier version is upgraded by the steps in Sources/ThiDua/Resources/migrations instead,
-- so this file always describes the newest schema in full.

CREATE TABLE schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    description text NOT NULL
);

-- Accent-insensitive search of Vietnamese names (issue 3) builds on these.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

INSERT INTO schema_version (version, description) VALUES (1, 'foundation');
