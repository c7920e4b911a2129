/** How a person got through a gate (also used by the API's access records). */
import { z } from 'zod';

export const accessMethods = ['card', 'qr', 'face', 'app', 'exit_button', 'visitor_pass', 'remote'] as const;
export const accessMethod = z.enum(accessMethods);
export type AccessMethod = z.infer<typeof accessMethod>;
