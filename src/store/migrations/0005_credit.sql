-- Credit supervision: the penalty-decision register (行政处罚决定, owned by enforcement),
-- misconduct points with their source record, threshold consequences and the notifications
-- they send, honour and dishonesty lists, credit restoration, and the dual-publication export
-- batches. credit_changes is the change log the in-memory sanctions index follows, so that
-- several servers sharing one store see each other's changes.
CREATE TABLE penalty_decisions (
  id {{ID}},
  decision_no TEXT NOT NULL UNIQUE,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('institution', 'practitioner')),
  subject_id BIGINT NOT NULL,
  subject_code TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  legal_representative TEXT NOT NULL,
  violation_type TEXT NOT NULL,
  facts TEXT NOT NULL,
  basis TEXT NOT NULL,
  category TEXT NOT NULL,
  content TEXT NOT NULL,
  fine_fen BIGINT NOT NULL,
  decision_date TEXT NOT NULL,
  publication_ends_on TEXT NOT NULL,
  authority TEXT NOT NULL,
  authority_code TEXT NOT NULL,
  source_unit TEXT NOT NULL,
  source_unit_code TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  revoked_on TEXT,
  revocation_decision_no TEXT,
  revocation_reason TEXT,
  jurisdiction_path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX penalty_decisions_subject ON penalty_decisions (subject_code);
CREATE INDEX penalty_decisions_path ON penalty_decisions (jurisdiction_path);

-- kind: record, revoke. The dual-publication export follows this log.
CREATE TABLE penalty_events (
  id {{ID}},
  penalty_id BIGINT NOT NULL REFERENCES penalty_decisions (id),
  kind TEXT NOT NULL CHECK (kind IN ('record', 'revoke')),
  at TEXT NOT NULL
);

CREATE TABLE credit_points (
  id {{ID}},
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('institution', 'practitioner')),
  subject_id BIGINT NOT NULL,
  subject_code TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  behaviour_code TEXT NOT NULL,
  points INTEGER NOT NULL CHECK (points > 0),
  cycle TEXT NOT NULL,
  assessed_on TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('penalty', 'inspection_finding', 'claim_finding')),
  source_ref TEXT NOT NULL,
  note TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  withdrawn_on TEXT,
  withdrawal_decision TEXT,
  withdrawal_reason TEXT,
  jurisdiction_path TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (subject_kind, subject_id, behaviour_code, source_kind, source_ref)
);
CREATE INDEX credit_points_subject ON credit_points (subject_kind, subject_id, cycle);
CREATE INDEX credit_points_source ON credit_points (source_kind, source_ref);

CREATE TABLE credit_consequences (
  id {{ID}},
  subject_kind TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  subject_code TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  cycle TEXT NOT NULL,
  threshold_points INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  total_at_crossing INTEGER NOT NULL,
  point_id BIGINT NOT NULL REFERENCES credit_points (id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  contexts TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  withdrawn_on TEXT,
  withdrawal_reason TEXT,
  jurisdiction_path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX credit_consequences_subject ON credit_consequences (subject_code);

CREATE TABLE credit_list_entries (
  id {{ID}},
  list_kind TEXT NOT NULL CHECK (list_kind IN ('dishonesty', 'honour')),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('institution', 'practitioner')),
  subject_id BIGINT NOT NULL,
  subject_code TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  trigger_code TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('serious', 'ordinary')),
  basis TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source_ref TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  publish_by TEXT NOT NULL,
  min_ends_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  contexts TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'restored', 'withdrawn')),
  closed_on TEXT,
  close_reason TEXT,
  jurisdiction_path TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX credit_list_entries_subject ON credit_list_entries (subject_code);
CREATE INDEX credit_list_entries_kind ON credit_list_entries (list_kind, status, ends_on);

CREATE TABLE credit_notifications (
  id {{ID}},
  consequence_id BIGINT REFERENCES credit_consequences (id),
  list_entry_id BIGINT REFERENCES credit_list_entries (id),
  department_code TEXT NOT NULL,
  subject_code TEXT NOT NULL,
  subject_name TEXT NOT NULL,
  message TEXT NOT NULL,
  created_on TEXT NOT NULL,
  due_on TEXT NOT NULL,
  jurisdiction_path TEXT NOT NULL
);
CREATE INDEX credit_notifications_department ON credit_notifications (department_code, created_on);

CREATE TABLE credit_restorations (
  id {{ID}},
  list_entry_id BIGINT NOT NULL REFERENCES credit_list_entries (id),
  applied_on TEXT NOT NULL,
  applicant TEXT NOT NULL,
  obligations TEXT NOT NULL,
  commitment TEXT NOT NULL,
  review_due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_on TEXT,
  decision_reason TEXT,
  decided_by BIGINT,
  jurisdiction_path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX credit_restorations_entry ON credit_restorations (list_entry_id);

CREATE TABLE credit_changes (
  id {{ID}},
  subject_code TEXT NOT NULL,
  at TEXT NOT NULL
);

-- kind: license, penalty. last_event_id is the high-water mark of license_events / penalty_events.
CREATE TABLE credit_export_batches (
  id {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('license', 'penalty')),
  last_event_id BIGINT NOT NULL,
  row_count INTEGER NOT NULL,
  file_sm3 TEXT NOT NULL,
  exported_by BIGINT NOT NULL,
  exported_at TEXT NOT NULL
);
