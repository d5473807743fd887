-- Registries: institutions and their practice licences, practitioners and their
-- registrations, inspectors, grid staff and the responsibility list. Every row that belongs
-- to a territory carries jurisdiction_path for data scope. Licence and registration
-- histories are events with effective dates, so the state on any past date can be answered.
CREATE TABLE institutions (
  id {{ID}},
  credit_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  ownership TEXT NOT NULL CHECK (ownership IN ('public', 'private')),
  profit_type TEXT NOT NULL CHECK (profit_type IN ('for_profit', 'non_profit')),
  grade TEXT NOT NULL,
  address TEXT NOT NULL,
  jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
  jurisdiction_path TEXT NOT NULL,
  legal_representative TEXT NOT NULL,
  person_in_charge TEXT NOT NULL,
  phone TEXT NOT NULL,
  beds INTEGER NOT NULL,
  clinical_subjects TEXT NOT NULL,
  large_equipment TEXT NOT NULL,
  medins_code TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX institutions_path ON institutions (jurisdiction_path);
CREATE INDEX institutions_category ON institutions (category);

CREATE TABLE practice_licenses (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  license_no TEXT NOT NULL UNIQUE,
  issued_on TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  clinical_subjects TEXT NOT NULL,
  beds INTEGER NOT NULL,
  last_validated_on TEXT,
  validation_due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid', 'validation_deferred', 'suspended', 'revoked', 'cancelled')),
  jurisdiction_path TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX practice_licenses_institution ON practice_licenses (institution_id);
CREATE INDEX practice_licenses_due ON practice_licenses (validation_due_on);

-- kind: issue, validate, defer_validation, suspend, reinstate, revoke, cancel, change
CREATE TABLE license_events (
  id {{ID}},
  license_id BIGINT NOT NULL REFERENCES practice_licenses (id),
  kind TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  status_after TEXT NOT NULL,
  valid_until_after TEXT NOT NULL,
  detail TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX license_events_license ON license_events (license_id, effective_on);

CREATE TABLE practitioners (
  id {{ID}},
  id_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('physician', 'nurse', 'pharmacist', 'technician')),
  qualification_no TEXT NOT NULL,
  practice_cert_no TEXT UNIQUE,
  practice_category TEXT NOT NULL,
  practice_scope TEXT NOT NULL,
  institution_id BIGINT REFERENCES institutions (id),
  jurisdiction_path TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('registered', 'cancelled', 'unregistered')),
  registered_on TEXT,
  registration_expires_on TEXT,
  e_registered INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX practitioners_institution ON practitioners (institution_id);
CREATE INDEX practitioners_path ON practitioners (jurisdiction_path);
CREATE INDEX practitioners_expires ON practitioners (registration_expires_on);

-- kind: register, change, renew, cancel
CREATE TABLE registration_events (
  id {{ID}},
  practitioner_id BIGINT NOT NULL REFERENCES practitioners (id),
  kind TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  institution_id BIGINT REFERENCES institutions (id),
  expires_on TEXT,
  detail TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX registration_events_practitioner ON registration_events (practitioner_id, effective_on);

-- 多机构执业备案: further sites where a practitioner may practise.
CREATE TABLE practice_sites (
  practitioner_id BIGINT NOT NULL REFERENCES practitioners (id),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  filed_on TEXT NOT NULL,
  ended_on TEXT,
  PRIMARY KEY (practitioner_id, institution_id, filed_on)
);
CREATE INDEX practice_sites_institution ON practice_sites (institution_id);

CREATE TABLE inspectors (
  id {{ID}},
  name TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  department_id BIGINT NOT NULL REFERENCES departments (id),
  jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
  jurisdiction_path TEXT NOT NULL,
  cert_no TEXT NOT NULL UNIQUE,
  cert_valid_until TEXT NOT NULL,
  specialties TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
  created_at TEXT NOT NULL
);
CREATE INDEX inspectors_path ON inspectors (jurisdiction_path);

-- Declared conflicts of interest that draws must respect (回避).
CREATE TABLE inspector_conflicts (
  inspector_id BIGINT NOT NULL REFERENCES inspectors (id),
  institution_id BIGINT NOT NULL REFERENCES institutions (id),
  reason TEXT NOT NULL,
  declared_on TEXT NOT NULL,
  PRIMARY KEY (inspector_id, institution_id)
);

-- 定格、定员、定责: the staff assigned to a grid cell.
CREATE TABLE grid_staff (
  id {{ID}},
  grid_cell_id BIGINT NOT NULL REFERENCES jurisdictions (id),
  jurisdiction_path TEXT NOT NULL,
  name TEXT NOT NULL,
  duty TEXT NOT NULL,
  phone TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id)
);
CREATE INDEX grid_staff_cell ON grid_staff (grid_cell_id);

-- 权责清单: which department owns which supervisory matter, on what basis.
CREATE TABLE responsibility_list (
  id {{ID}},
  department_code TEXT NOT NULL,
  matter TEXT NOT NULL,
  basis TEXT NOT NULL,
  source TEXT NOT NULL
);
