-- Double-random, one-public inspection (双随机、一公开): the item catalogue (一单), sampling
-- plans, their frozen draws with everything needed to re-run them, the tasks the draws
-- create, results and their publication.
CREATE TABLE inspection_items (
  id {{ID}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  department_code TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  target_categories TEXT NOT NULL,   -- ;-list of institution categories
  specialty TEXT NOT NULL,           -- the inspector specialty the item needs
  kind TEXT NOT NULL CHECK (kind IN ('routine', 'key')),
  default_ratio_bp INTEGER NOT NULL, -- basis points: 500 = 5 %
  status TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- params: JSON {ratios_bp:[A,B,C,D], min_total, max_total, exclude_months:[A,B,C,D],
-- inspectors_per_task, avoid_repeat, due_working_days, witnesses_required, public_source}
CREATE TABLE sampling_plans (
  id {{ID}},
  title TEXT NOT NULL,
  year INTEGER NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  lead_department_id BIGINT NOT NULL REFERENCES departments (id),
  joint_departments TEXT NOT NULL,   -- ;-list of department codes besides the lead
  categories TEXT NOT NULL,          -- ;-list; empty: every category the items cover
  ownership TEXT NOT NULL,           -- public | private | empty for both
  scope_jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
  jurisdiction_path TEXT NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'frozen', 'drawn', 'cancelled')),
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX sampling_plans_path ON sampling_plans (jurisdiction_path);

CREATE TABLE plan_items (
  plan_id BIGINT NOT NULL REFERENCES sampling_plans (id),
  item_id BIGINT NOT NULL REFERENCES inspection_items (id),
  PRIMARY KEY (plan_id, item_id)
);

-- One draw per plan. The nonce is sealed (SM4) until the draw and published with it;
-- commitment = SM3(nonce) is published when the plan is frozen.
CREATE TABLE draws (
  id {{ID}},
  plan_id BIGINT NOT NULL UNIQUE REFERENCES sampling_plans (id),
  population_digest TEXT NOT NULL,
  population_size INTEGER NOT NULL,
  pool_digest TEXT NOT NULL,
  pool_size INTEGER NOT NULL,
  commitment TEXT NOT NULL,
  sealed_nonce TEXT NOT NULL,
  nonce TEXT,
  seed TEXT,
  result_digest TEXT,
  frozen_at TEXT NOT NULL,
  frozen_by BIGINT NOT NULL,
  drawn_at TEXT,
  drawn_by BIGINT
);

CREATE TABLE draw_population (
  draw_id BIGINT NOT NULL REFERENCES draws (id),
  target_id TEXT NOT NULL,            -- the institution's credit code
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  grade TEXT NOT NULL,
  weight_milli INTEGER NOT NULL,
  jurisdiction_path TEXT NOT NULL,
  PRIMARY KEY (draw_id, target_id)
);

CREATE TABLE draw_pool (
  draw_id BIGINT NOT NULL REFERENCES draws (id),
  inspector_id BIGINT NOT NULL REFERENCES inspectors (id),
  cert_no TEXT NOT NULL,
  department_code TEXT NOT NULL,
  lead INTEGER NOT NULL,
  jurisdiction_path TEXT NOT NULL,
  prior_load INTEGER NOT NULL,
  PRIMARY KEY (draw_id, inspector_id)
);

-- reason: conflict (declared 回避) | repeat (inspected this target last time)
CREATE TABLE draw_recusals (
  draw_id BIGINT NOT NULL REFERENCES draws (id),
  cert_no TEXT NOT NULL,
  target_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (draw_id, cert_no, target_id)
);

CREATE TABLE draw_witnesses (
  draw_id BIGINT NOT NULL REFERENCES draws (id),
  seq INTEGER NOT NULL,
  witness_name TEXT NOT NULL,
  input TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  entered_at TEXT NOT NULL,
  PRIMARY KEY (draw_id, seq)
);

CREATE TABLE inspection_tasks (
  id {{ID}},
  plan_id BIGINT NOT NULL REFERENCES sampling_plans (id),
  draw_id BIGINT NOT NULL REFERENCES draws (id),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  target_id TEXT NOT NULL,
  grade TEXT NOT NULL,
  rank INTEGER NOT NULL,
  jurisdiction_path TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('assigned', 'submitted', 'published')),
  outcome TEXT CHECK (outcome IN ('no_problem', 'problem')),
  findings TEXT NOT NULL,
  enforcement_lead INTEGER NOT NULL,
  inspected_on TEXT,
  submitted_by BIGINT,
  submitted_at TEXT,
  publish_due_on TEXT,
  published_on TEXT,
  published_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX inspection_tasks_plan ON inspection_tasks (plan_id);
CREATE INDEX inspection_tasks_path ON inspection_tasks (jurisdiction_path);
CREATE INDEX inspection_tasks_institution ON inspection_tasks (institution_id);

-- Current and past assignments: a reassignment ends one row and adds another, with the reason.
CREATE TABLE task_inspectors (
  id {{ID}},
  task_id BIGINT NOT NULL REFERENCES inspection_tasks (id),
  inspector_id BIGINT NOT NULL REFERENCES inspectors (id),
  slot INTEGER NOT NULL,             -- 0 is the lead-department inspector
  source TEXT NOT NULL CHECK (source IN ('draw', 'reassign')),
  assigned_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT
);
CREATE INDEX task_inspectors_task ON task_inspectors (task_id);
CREATE INDEX task_inspectors_inspector ON task_inspectors (inspector_id);

CREATE TABLE task_photos (
  id {{ID}},
  task_id BIGINT NOT NULL REFERENCES inspection_tasks (id),
  sm3 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data {{BLOB}} NOT NULL,
  uploaded_by BIGINT NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX task_photos_task ON task_photos (task_id);
