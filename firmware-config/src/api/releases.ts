/** Over-the-air updates: releases of the edge agent and their rollouts (stages, pause, progress). */
import { z } from 'zod';
import { apiId, apiSlug, apiTime } from './common.js';
import { releaseVersion } from '../contract/messages/commands.js';

/** GET /api/releases, POST /api/releases (raw tarball body, admin). */
export const releaseInfo = z.object({ version: z.string(), sha256: z.string(), bytes: z.number(), builtFor: z.record(z.string(), z.unknown()), addedBy: z.string(), addedAt: apiTime });
export type ReleaseInfo = z.infer<typeof releaseInfo>;
export const releaseList = z.object({ releases: z.array(releaseInfo) });
export type ReleaseList = z.infer<typeof releaseList>;

export const rolloutStages = ['one', 'percent', 'all'] as const;
export const rolloutStage = z.object({ stage: z.enum(rolloutStages), percent: z.number().int().min(1).max(100).optional() }).strict();
export type RolloutStage = z.infer<typeof rolloutStage>;

/** POST /api/rollouts: one compound (compoundId) or a whole company (companyId). */
export const createRolloutRequest = z.object({
  version: releaseVersion,
  compoundId: apiSlug.optional(),
  companyId: apiSlug.optional(),
  stage: z.enum(rolloutStages).default('one'),
  percent: z.number().int().min(1).max(100).optional(),
  healthDeadlineS: z.number().int().min(30).max(3600).optional(),
}).strict().refine((b) => (b.compoundId ? 1 : 0) + (b.companyId ? 1 : 0) === 1, { message: 'name exactly one of compoundId or companyId' });
export type CreateRolloutRequest = z.input<typeof createRolloutRequest>;

export const rolloutTargetStates = ['pending', 'sent', 'updated', 'rolled_back', 'failed'] as const;
export const rolloutInfo = z.object({
  id: apiId,
  version: z.string(),
  scope: z.object({ kind: z.enum(['compound', 'company']), id: z.string() }),
  stage: z.enum(rolloutStages),
  percent: z.number(),
  state: z.enum(['running', 'paused', 'done']),
  pausedReason: z.string().nullable(),
  createdBy: z.string(),
  createdAt: apiTime,
  counts: z.record(z.enum(rolloutTargetStates), z.number()),
  targets: z.array(z.object({
    gatewayId: z.string(), gatewayName: z.string().nullable(), compoundId: z.string(), agentVersion: z.string().nullable(),
    state: z.enum(rolloutTargetStates), fromVersion: z.string().nullable(), reason: z.string().nullable(), sentAt: apiTime.nullable(), finishedAt: apiTime.nullable(),
  })),
});
export type RolloutInfo = z.infer<typeof rolloutInfo>;
export const rolloutList = z.object({ rollouts: z.array(rolloutInfo) });
export type RolloutList = z.infer<typeof rolloutList>;
