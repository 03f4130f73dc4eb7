import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_TOKEN_SECONDS, resetLocalKeys, signLocalToken, verifyLocalToken } from './local-jwt';

const user = {
  sub: 'a1ceb041-2ecd-479c-b859-6a6299e451de',
  name: 'Claire Delpech',
  email: 'claire@example.org',
  username: 'agent.gramat',
  role: 'accueil',
  organisationId: 'org-1',
  siteId: null,
};

describe('the local gateway’s token verification (verified tokens remembered)', () => {
  const dirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-jwt-'));
    dirs.push(dir);
    process.env.RELAIS_DATA_DIR = dir;
    resetLocalKeys();
  };
  const previous = process.env.RELAIS_DATA_DIR;
  afterAll(() => {
    if (previous === undefined) delete process.env.RELAIS_DATA_DIR;
    else process.env.RELAIS_DATA_DIR = previous;
    resetLocalKeys();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a token it signed, again and again, with the same claims, each a copy', async () => {
    freshDataDir();
    const token = await signLocalToken(user);
    const first = await verifyLocalToken(token);
    const again = await verifyLocalToken(token);
    expect(first?.sub).toBe(user.sub);
    expect(again).toEqual(first);
    if (first) first.sub = 'someone-else';
    expect((await verifyLocalToken(token))?.sub).toBe(user.sub);
  });

  it('refuses a remembered token once it has expired', async () => {
    freshDataDir();
    const token = await signLocalToken(user);
    expect(await verifyLocalToken(token)).toBeDefined();
    expect(await verifyLocalToken(token, Date.now() + (LOCAL_TOKEN_SECONDS + 1) * 1000)).toBeUndefined();
    // Nor is it taken back later on (it left the memory when found expired).
    expect(await verifyLocalToken(token, Date.now() + (LOCAL_TOKEN_SECONDS + 1) * 1000)).toBeUndefined();
  });

  it('refuses a tampered token even when the original was remembered', async () => {
    freshDataDir();
    const token = await signLocalToken(user);
    expect(await verifyLocalToken(token)).toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['coordinateur'] })).toString('base64url');
    expect(await verifyLocalToken(`${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await verifyLocalToken(`${token}x`)).toBeUndefined();
  });

  it('forgets what it verified when the key changes (another data directory)', async () => {
    freshDataDir();
    const token = await signLocalToken(user);
    expect(await verifyLocalToken(token)).toBeDefined();
    freshDataDir();
    expect(await verifyLocalToken(token)).toBeUndefined();
  });
});
