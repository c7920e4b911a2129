import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// Generous waits: the suite runs beside real servers on a loaded 2-core machine.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
