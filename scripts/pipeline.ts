/**
 * Writes .github/workflows/deploy.yml from infra/pipeline.ts (issue 18, point 8; ADR 0031).
 * `npx tsx scripts/pipeline.ts`; a test fails when the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WORKFLOW_FILE, renderWorkflow } from '../infra/pipeline';

const target = join(__dirname, '..', WORKFLOW_FILE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderWorkflow());
console.log(`Écrit : ${target}`);
