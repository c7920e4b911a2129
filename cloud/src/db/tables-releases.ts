/** Over-the-air update tables (migration 170). */
export interface ReleasesTable {
  version: string;
  sha256: string;
  bytes: number;
  /** base64 Ed25519 over canonicalJson({version, sha256, bytes}) with the cloud's signing key. */
  signature: string;
  /** JSON: the manifest's builtFor (platform, arch, Node ABI). */
  built_for: string;
  added_by: string;
  added_at: string;
}

export interface RolloutsTable {
  id: string;
  version: string;
  scope_kind: 'compound' | 'company';
  scope_id: string;
  stage: 'one' | 'percent' | 'all';
  percent: number;
  state: 'running' | 'paused' | 'done';
  paused_reason: string | null;
  health_deadline_s: number;
  /** The cloud's HTTP base URL as the gateways reach it (from the request that created the rollout). */
  download_base: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RolloutTargetsTable {
  rollout_id: string;
  gateway_id: string;
  position: number;
  state: 'pending' | 'sent' | 'updated' | 'rolled_back' | 'failed';
  from_version: string | null;
  command_id: string | null;
  reason: string | null;
  sent_at: string | null;
  finished_at: string | null;
}

export interface ReleaseTables {
  releases: ReleasesTable;
  rollouts: RolloutsTable;
  rollout_targets: RolloutTargetsTable;
}
