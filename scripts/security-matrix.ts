/**
 * Writes docs/security-matrix.md from the authorisation policy (shared/auth/policy.ts, the one
 * source of who may do what; its French texts are in shared/auth/policy-matrix.ts).
 * `npx tsx scripts/security-matrix.ts`; a test fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyMarkdown } from '../shared/auth/policy-matrix';

const target = join(__dirname, '..', 'docs', 'security-matrix.md');
writeFileSync(target, policyMarkdown());
console.log(`Écrit : ${target}`);
