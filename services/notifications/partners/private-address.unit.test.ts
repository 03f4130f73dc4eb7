import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWebhookSender } from './http-webhook.sender';
import { isPrivateAddress, PrivateAddressError, publicOnlyLookup } from './private-address';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '2a01:e0a:1::1', '::ffff:93.184.216.34', '172.32.0.1', 'caf.fr'])('lets %s through', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('publicOnlyLookup', () => {
  it('refuses a name that resolves to a private address', async () => {
    const error = await new Promise<unknown>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(error).toBeInstanceOf(PrivateAddressError);
  });
});

describe('HttpWebhookSender with blockPrivateAddresses', () => {
  it('never reaches a receiver on a private address, by IP or by name', async () => {
    let received = 0;
    const server = createServer((_req, res) => {
      received++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const attempts: Array<{ error?: string }> = [];
      const blocked = new HttpWebhookSender({
        blockPrivateAddresses: true,
        attempts: 1,
        onAttempt: async (a) => void attempts.push(a),
      });
      const delivery = { eventId: 'e1', organisationId: 'o1', secret: 's', body: '{}' };
      for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`]) {
        await expect(blocked.deliver({ ...delivery, url })).rejects.toThrow(/not delivered/);
      }
      expect(attempts.map((a) => a.error)).toEqual(['EPRIVATEADDRESS', 'EPRIVATEADDRESS', 'EPRIVATEADDRESS']);
      expect(received).toBe(0);
      // The same receiver is reached when the guard is off (local mode): the test can fail.
      await expect(new HttpWebhookSender({ attempts: 1 }).deliver({ ...delivery, url: `http://127.0.0.1:${port}/hook` })).resolves.toEqual({
        attempts: 1,
        status: 204,
      });
      expect(received).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
