import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// Generous waits: the suite runs beside real servers on a loaded 2-core machine.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom has no canvas (it would log "not implemented" on every call): say so quietly, as an old
// WebView would. Charts then show their data table; Charts.test.tsx fakes a 2D context to draw.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
