/**
 * The edge <-> cloud event uplink: the edge sends batches from its outbox; the cloud commits
 * them (idempotent on event id) and only then sends an application ack naming the sequence
 * numbers it stored. The edge deletes from its outbox on that ack, never on the MQTT PUBACK.
 */
import { z } from 'zod';
import { id, isoTime, schemaVersion } from '../envelope.js';
import { event } from './events.js';

export const MAX_BATCH_EVENTS = 500;

/** yg/gw/{gatewayId}/up/events */
export const eventBatch = z.object({
  v: schemaVersion,
  gatewayId: id,
  batchId: id,
  sentAt: isoTime,
  /** Raw events: the cloud validates each one, so one poison event does not sink the batch. */
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS),
}).strict();
export type EventBatch = Omit<z.infer<typeof eventBatch>, 'events'> & { events: z.input<typeof event>[] };

/** yg/gw/{gatewayId}/down/ack */
export const batchAck = z.object({
  v: schemaVersion,
  gatewayId: id,
  batchId: id,
  /** Sequence numbers now committed in the cloud (duplicates included: they are stored). */
  committed: z.array(z.number().int().positive()),
  /** Events the cloud will never accept (schema, wrong gateway); the edge dead-letters them. */
  rejected: z.array(z.object({ seq: z.number().int().nonnegative(), id: z.string().max(64).optional(), error: z.string().max(500) }).strict()),
  /**
   * Events the cloud could not store this time (its database down or timing out): NOT a rejection.
   * The edge keeps them, counts no failed attempt, and sends them again after `afterMs` (backing
   * off further if they come back again). Absent on an ordinary ack; an edge that predates it sees
   * an ack naming none of its seqs and resends them.
   */
  retry: z.object({
    seqs: z.array(z.number().int().positive()),
    error: z.string().max(500),
    afterMs: z.number().int().nonnegative(),
  }).strict().optional(),
  /** The cloud's clock: a Pi has no RTC, so it judges command expiry against this. */
  cloudTime: isoTime,
}).strict();
export type BatchAck = z.infer<typeof batchAck>;
