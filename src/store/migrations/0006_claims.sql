-- Medical-insurance claims audit (医保智能审核): fee lines kept per person so that the
-- cross-encounter rules work in real time, the findings with their review, and the rule
-- base as edited by auditors. jurisdiction_path is the provider's (data scope).
CREATE TABLE claim_lines (
  id {{ID}},
  mdtrt_id TEXT NOT NULL,
  feedetl_sn TEXT NOT NULL,
  psn_no TEXT NOT NULL,
  gend INTEGER NOT NULL,
  brdy TEXT NOT NULL,
  medins_id TEXT NOT NULL,
  medins_lv INTEGER NOT NULL,
  med_type INTEGER NOT NULL,
  adm_date TEXT NOT NULL,
  dscg_date TEXT NOT NULL,
  dise_codg TEXT NOT NULL,
  dr_codg TEXT NOT NULL,
  med_list_codg TEXT NOT NULL,
  cnt_milli BIGINT NOT NULL,
  pric_fen BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  fee_ocur_time TEXT NOT NULL,
  prd_days INTEGER,
  jurisdiction_path TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (mdtrt_id, feedetl_sn)
);
CREATE INDEX claim_lines_psn ON claim_lines (psn_no);
CREATE INDEX claim_lines_month ON claim_lines (fee_ocur_time);

-- review_status: open, confirmed, dismissed (dismissed needs a reason).
CREATE TABLE claim_findings (
  id {{ID}},
  fingerprint TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  verdict TEXT NOT NULL,
  psn_no TEXT NOT NULL,
  mdtrt_id TEXT NOT NULL,
  feedetl_sn TEXT NOT NULL,
  related TEXT NOT NULL,
  medins_id TEXT NOT NULL,
  dr_codg TEXT NOT NULL,
  amount_fen BIGINT NOT NULL,
  evidence TEXT NOT NULL,
  occurred_on TEXT NOT NULL,
  month TEXT NOT NULL,
  jurisdiction_path TEXT NOT NULL,
  review_status TEXT NOT NULL CHECK (review_status IN ('open', 'confirmed', 'dismissed')),
  review_reason TEXT,
  reviewed_by BIGINT REFERENCES users (id),
  reviewed_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX claim_findings_path ON claim_findings (jurisdiction_path);
CREATE INDEX claim_findings_mdtrt ON claim_findings (mdtrt_id);
CREATE INDEX claim_findings_rule ON claim_findings (rule_id, month);

-- Every saved version of the rule base; the newest is in force.
CREATE TABLE claim_rule_bases (
  id {{ID}},
  body TEXT NOT NULL,
  saved_by BIGINT REFERENCES users (id),
  saved_at TEXT NOT NULL
);
