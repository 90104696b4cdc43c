-- Reviewers' scores per submission and stage (省评, 复核) are synced as the `review` entity.
-- The inline CHECK of 001 is named entities_entity_check by PostgreSQL's (and PGlite's) default.
ALTER TABLE entities DROP CONSTRAINT entities_entity_check;
ALTER TABLE entities ADD CONSTRAINT entities_entity_check
  CHECK (entity IN ('unit', 'project', 'submission', 'evidence', 'comment', 'review'));
