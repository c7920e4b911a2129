/**
 * The usual frame of a browser spec file: one system and one Chromium for the whole file, started
 * in beforeAll and stopped in afterAll (browser first, then the system).
 */
import { afterAll, beforeAll } from 'vitest';
import { startSystem, type System, type SystemOptions } from './system.js';
import { launchBrowser, type E2eBrowser } from './browser.js';

export interface BrowserSuite {
  readonly sys: System;
  readonly browser: E2eBrowser;
}

export function systemWithBrowser(opts: SystemOptions = {}): BrowserSuite {
  let sys: System | undefined;
  let browser: E2eBrowser | undefined;
  beforeAll(async () => {
    sys = await startSystem(opts);
    browser = await launchBrowser(sys.url);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });
  return {
    get sys() {
      if (!sys) throw new Error('the system is not started (beforeAll failed?)');
      return sys;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started (beforeAll failed?)');
      return browser;
    },
  };
}
