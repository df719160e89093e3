import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { bracketPath, Clock, parseNestedQuery, WebhookDispatcher } from '../../../emulators/kit/index.ts';

describe('emulator kit: nested parameters', () => {
  it('reads bracket keys the way PHP and Stripe do: objects, indexed and pushed lists, last value wins', () => {
    const parsed = parseNestedQuery(
      'items[1][price]=p2&items[0][price]=p1&items[0][quantity]=2&metadata[order]=77&status[]=a&status[]=b&x=1&x=2',
    );
    expect(parsed).to.deep.equal({
      items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      metadata: { order: '77' },
      status: ['a', 'b'],
      x: '2',
    });
  });

  it('keeps keys with unbalanced or leading brackets whole, and non-index keys as objects', () => {
    expect(bracketPath('a[b')).to.deep.equal(['a[b']);
    expect(bracketPath('[a]')).to.deep.equal(['[a]']);
    expect(bracketPath('a[b]c')).to.deep.equal(['a[b]c']);
    expect(parseNestedQuery('m[01]=x&m[1]=y')).to.deep.equal({ m: { '01': 'x', '1': 'y' } });
  });
});

describe('emulator kit: webhook redirects', () => {
  it('judges a 302 as the sender does: followed by default, taken as it is with followRedirects false', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/hook') {
        res.writeHead(302, { location: '/gone' }).end();
        return;
      }
      res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const clock = new Clock();
    const policy = { retryDelaysMs: [], timeScale: 1, timeoutMs: 2000, success: (s: number) => s >= 200 && s < 303 };
    const following = new WebhookDispatcher(clock, policy);
    const manual = new WebhookDispatcher(clock, { ...policy, followRedirects: false });
    try {
      following.send({ subscription: 'a', url, event: 'order.updated', body: '{}' });
      await following.idle();
      expect(following.deliveries()[0]).to.include({ outcome: 'gave_up', status: 404 });
      manual.send({ subscription: 'b', url, event: 'order.updated', body: '{}' });
      await manual.idle();
      expect(manual.deliveries()[0]).to.include({ outcome: 'delivered', status: 302 });
      expect(hits).to.deep.equal(['/hook', '/gone', '/hook']);
    } finally {
      following.close();
      manual.close();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('emulator kit: cancelling a subscription’s retries', () => {
  it('drops the retries waiting for one subscription and leaves the others', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end());
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const clock = new Clock();
    const hooks = new WebhookDispatcher(clock, { retryDelaysMs: [3_600_000], timeScale: 1, timeoutMs: 2000 });
    try {
      const failedTwice = new Promise<void>((resolve) => {
        let n = 0;
        hooks.on('result', (d) => {
          if (d.outcome === 'failed' && ++n === 2) resolve();
        });
      });
      hooks.send({ subscription: 'we_gone', url, event: 'invoice.paid', body: '{}' });
      hooks.send({ subscription: 'we_kept', url, event: 'invoice.paid', body: '{}' });
      await failedTwice;
      expect(hooks.cancel('we_gone')).to.equal(1);
      expect(hooks.pending()).to.equal(1);
      hooks.flushRetries();
      await hooks.idle();
      expect(hooks.deliveries({ subscription: 'we_gone' }).map((d) => d.outcome)).to.deep.equal(['failed', 'gave_up']);
      expect(hooks.deliveries({ subscription: 'we_kept' }).map((d) => d.attempt)).to.deep.equal([1, 2]);
    } finally {
      hooks.close();
      await new Promise((r) => server.close(r));
    }
  });
});
