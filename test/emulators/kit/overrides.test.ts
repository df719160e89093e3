import { expect } from 'chai';
import express from 'express';
import { z } from 'zod';
import {
  Clock,
  controlRouter,
  type EmulatorServer,
  Faults,
  faultGate,
  RequestStats,
  sendJson,
  serveEmulator,
} from '../../../emulators/kit/index.ts';

describe('Emulator kit: an emulator keeps its own shape of a standard route', () => {
  let server: EmulatorServer;
  let faults: Faults;
  let legacy: number[];
  beforeEach(async () => {
    const clock = new Clock();
    faults = new Faults(clock);
    const stats = new RequestStats();
    legacy = [];
    const app = express();
    app.use(
      '/__control',
      controlRouter({
        clock,
        faults,
        stats,
        // An older POST /faults body ({ serverErrors }) next to the kit's FaultSpec.
        override: (post, router) => {
          router.get('/stats', (req, res, next) =>
            typeof req.query.tenantId === 'string' ? sendJson(res, 200, { tenant: req.query.tenantId }) : next(),
          );
          post('/faults/legacy', z.object({ serverErrors: z.number().int() }), (b) => {
            legacy.push(b.serverErrors);
            return faults.add({ kind: 'status', status: 503, count: b.serverErrors });
          });
        },
      }),
    );
    app.use(
      '/api',
      faultGate({
        faults,
        stats,
        failure: (status) => ({ status, contentType: 'text/plain', body: 'down' }),
        committedFailure: () => ({ status: 500, contentType: 'application/json', body: '{"error":"server_error"}' }),
        rateLimited: () => ({ status: 429, contentType: 'text/plain', body: 'slow down' }),
      }),
      (_req, res) => sendJson(res, 201, { stored: true }),
    );
    server = await serveEmulator({ app });
  });
  afterEach(async () => {
    await server.close();
  });

  it('serves an override route beside the standard ones', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/__control${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/faults/legacy', { serverErrors: 2 })).status).to.equal(200);
    expect(legacy).to.deep.equal([2]);
    expect((await fetch(`${server.url}/api/x`)).status).to.equal(503);
    expect((await post('/faults', { kind: 'rate-limit' })).status).to.equal(200); // the standard route still works
    expect(await (await fetch(`${server.url}/__control/stats?tenantId=7`)).json()).to.deep.equal({ tenant: '7' });
    expect(await (await fetch(`${server.url}/__control/stats`)).json()).to.have.property('total');
  });

  it('answers a committed write with committedFailure when given', async () => {
    faults.add({ kind: 'commit-then-fail' });
    const res = await fetch(`${server.url}/api/x`, { method: 'POST' });
    expect([res.status, await res.text()]).to.deep.equal([500, '{"error":"server_error"}']);
    faults.add({ kind: 'status', status: 500 });
    expect(await (await fetch(`${server.url}/api/x`)).text()).to.equal('down');
  });
});
