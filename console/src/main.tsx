import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SCHEMA_VERSION } from '@yardguard/firmware-config';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <p>院安 Yard Guard (schema v{SCHEMA_VERSION})</p>
  </StrictMode>,
);
