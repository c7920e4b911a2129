/** Config fields shared by several device kinds (ids, pins, logins). */
import { z } from 'zod';

export const deviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and -');
export const bcmPin = z.number().int().min(0, 'BCM pins are 0-27').max(27, 'BCM pins are 0-27');
export const level = z.enum(['high', 'low']);

/** How a device logs in to the compound's broker. The password is stored only as a scrypt hash. */
export const mqttCredentials = z.object({
  username: z.string().min(1).max(64),
  passwordHash: z.string().regex(/^scrypt\$/, 'must be a scrypt hash (yardguard-edge hash-password)'),
}).strict();
export type MqttCredentials = z.infer<typeof mqttCredentials>;
