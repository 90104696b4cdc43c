-- Submission packages imported on the platform (POST /api/v1/packages): the status event of an
-- imported locked submission names the package it came from by its manifest hash.
ALTER TABLE submission_events ADD COLUMN package_sha256 text
  CHECK (package_sha256 IS NULL OR package_sha256 ~ '^[0-9a-f]{64}$');
