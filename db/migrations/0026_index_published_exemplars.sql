-- The public portal lists published 学习标兵 newest first, whoever asks: read them from an index of
-- the published ones alone.
CREATE INDEX study_exemplars_published_idx ON study_exemplars (published_at DESC, id) WHERE status = 'published';
