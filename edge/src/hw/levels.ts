import type { Level } from './gpio-port.js';

/** 'high' | 'low' from the site config as a pin level. */
export const levelOf = (l: 'high' | 'low'): Level => (l === 'high' ? 1 : 0);
export const invert = (l: Level): Level => (l === 1 ? 0 : 1);
