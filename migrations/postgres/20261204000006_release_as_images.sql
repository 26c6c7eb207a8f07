-- A record whose text layer the export's checks cannot vouch for may be released as page
-- images with a text layer read by OCR from the burned pages (1); 0 is the ordinary copy.
ALTER TABLE records ADD COLUMN release_as_images BIGINT NOT NULL DEFAULT 0;
