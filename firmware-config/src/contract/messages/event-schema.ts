/** Building blocks for event schemas: each device kind declares its events with these (see kinds/). */
import { z } from 'zod';

export const empty = z.object({}).strict();
// The outer object is not strict: the envelope fields sit beside type and data (see withEnvelope in events.ts).
export const ev = <T extends string, D extends z.ZodType>(type: T, data: D) => z.object({ type: z.literal(type), data });
/** One event schema: `{ type: literal, data }`. */
export type EventSchema = ReturnType<typeof ev<string, z.ZodType>>;
