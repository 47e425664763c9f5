-- The yearly development plan of an org (年度发展计划) and its quotas by category (seed §21: 注意在
-- 生产、工作一线和高知识群体、青年中发展党员，积极稳妥地做好在新的社会阶层中发展党员工作).
CREATE TABLE development_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES orgs (id),
  year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- 'total' is the whole quota; the others are the categories within it
  category text NOT NULL CHECK (category IN ('total', 'frontline', 'high_knowledge', 'youth', 'new_social_stratum')),
  planned integer NOT NULL CHECK (planned BETWEEN 0 AND 1000000),
  note text CHECK (length(note) BETWEEN 1 AND 200),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX development_plans_key ON development_plans (org_id, year, category);
CREATE INDEX development_plans_updated_by_idx ON development_plans (updated_by);
CREATE TRIGGER development_plans_updated_at BEFORE UPDATE ON development_plans FOR EACH ROW EXECUTE FUNCTION set_updated_at();

GRANT SELECT, INSERT, UPDATE ON development_plans TO xianfeng_app;
