/** Id helpers for the cloud's own records. Event ids come from the edge (UUIDv7). */
import { randomBytes, randomInt } from 'node:crypto';

/** `c-3f9a1b2c`: short, readable, valid in MQTT topics. */
export const randomSlug = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: codes are typed by hand

/** `ABCD-1234` style one-time codes (matches the contract's enrollRequest.code). */
export function humanCode(): string {
  const pick = () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!;
  return `${Array.from({ length: 4 }, pick).join('')}-${Array.from({ length: 4 }, pick).join('')}`;
}
