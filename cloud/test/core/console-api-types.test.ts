/**
 * The console's typed API client is generated from this cloud's OpenAPI document: the app is built in
 * process, its document turned into TypeScript by openapi-typescript, and compared with the checked-in
 * console/src/api/schema.d.ts. A route or schema change without regenerating fails here.
 * Regenerate: `npm run gen:console-api -w @yardguard/cloud` (sets YG_WRITE_CONSOLE_API=1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildTestCloud } from '../helpers/cloud.js';

const target = fileURLToPath(new URL('../../../console/src/api/schema.d.ts', import.meta.url));
const header = '/**\n * Generated from the cloud\'s OpenAPI document (GET /api/openapi.json) by openapi-typescript.\n * Do not edit: run `npm run gen:console-api -w @yardguard/cloud`. cloud/test/core/console-api-types.test.ts fails when stale.\n */\n';

describe('console API types', () => {
  it('console/src/api/schema.d.ts matches the cloud\'s OpenAPI document', async () => {
    const cloud = await buildTestCloud();
    const res = await cloud.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toContain('/api/devices/{deviceId}/test');
    const generated = header + astToString(await openapiTS(doc, { alphabetize: true }));
    if (process.env.YG_WRITE_CONSOLE_API === '1') writeFileSync(target, generated);
    expect(readFileSync(target, 'utf8'), 'console/src/api/schema.d.ts is stale: run `npm run gen:console-api -w @yardguard/cloud`').toBe(generated);
  });
});
