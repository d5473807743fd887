-- Settings that belong to one installation (its id, when it was set up). Later modules keep
-- their own tables; this one holds only facts about the installation itself.
CREATE TABLE system_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
