import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

describe('login throttle', () => {
  it('blocks a user name after N failures inside the window, per name, case-insensitive, and forgets after success or the window', () => {
    let t = 0;
    const th = createLoginThrottle(3, 1000, () => t);
    th.failed('guard1');
    th.failed('GUARD1');
    expect(th.blockedForMs('guard1')).toBe(0);
    th.failed('guard1');
    expect(th.blockedForMs('guard1')).toBe(1000);
    expect(th.blockedForMs('guard2')).toBe(0);
    t = 600;
    expect(th.blockedForMs('guard1')).toBe(400);
    t = 1001;
    expect(th.blockedForMs('guard1')).toBe(0);
    th.failed('guard2');
    th.succeeded('guard2');
    th.failed('guard2');
    th.failed('guard2');
    expect(th.blockedForMs('guard2')).toBe(0);
  });
});
