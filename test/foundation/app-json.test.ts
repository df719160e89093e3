import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { z } from 'zod';
import { configVariables, requiredInProduction } from '../../src/config.ts';

/**
 * The "Deploy to Heroku" button reads app.json when the app is created; a mistake there is only
 * found by a user mid-deploy. This checks it against the fields and value types of Heroku's
 * app.json schema (devcenter.heroku.com/articles/app-json-schema) and against our own config.
 */

const root = path.resolve(import.meta.dirname, '../..');
const envEntry = z.union([
  z.string(),
  z
    .object({
      description: z.string().min(1),
      value: z.string().optional(),
      required: z.boolean().optional(),
      generator: z.literal('secret').optional(),
    })
    .strict(),
]);
const herokuAppJson = z
  .object({
    name: z.string().min(3).max(30),
    description: z.string().min(1).max(140),
    repository: z.url().optional(),
    keywords: z.array(z.string()).optional(),
    stack: z.string().optional(),
    buildpacks: z.array(z.object({ url: z.string().min(1) }).strict()).optional(),
    formation: z
      .record(z.string(), z.object({ quantity: z.number().int().min(0), size: z.string().optional() }).strict())
      .optional(),
    addons: z
      .array(
        z.union([
          z.string(),
          z
            .object({
              plan: z.string().min(1),
              as: z.string().optional(),
              options: z.record(z.string(), z.unknown()).optional(),
            })
            .strict(),
        ]),
      )
      .optional(),
    env: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), envEntry).optional(),
    scripts: z.record(z.string(), z.string()).optional(),
    environments: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const appJson = herokuAppJson.parse(JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')));
const procfile = readFileSync(path.join(root, 'Procfile'), 'utf8');

describe('app.json (Deploy to Heroku)', () => {
  it('runs web and worker dynos that the Procfile defines, plus a release phase', () => {
    const processes = procfile
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(':')[0]);
    expect(processes).to.include.members(['web', 'worker', 'release']);
    expect(Object.keys(appJson.formation ?? {})).to.have.members(['web', 'worker']);
  });

  it('provisions Heroku Postgres as DATABASE_URL', () => {
    expect(appJson.addons).to.deep.include({ plan: 'heroku-postgresql:essential-0', as: 'DATABASE' });
  });

  it('asks for every variable a production dyno refuses to start without', () => {
    const required = new Set(requiredInProduction('all'));
    required.delete('DATABASE_URL'); // set by the add-on
    for (const name of required) {
      const entry = appJson.env?.[name];
      expect(entry, name).not.to.equal(undefined);
      if (typeof entry === 'object') expect(entry.required ?? true, `${name} must be required`).to.equal(true);
    }
  });

  it('generates secrets instead of asking for them, and names only variables the service reads', () => {
    for (const name of ['ENCRYPTION_KEY', 'APP_SECRET', 'ADMIN_PASSWORD'])
      expect(appJson.env?.[name]).to.deep.include({ generator: 'secret' });
    for (const name of Object.keys(appJson.env ?? {})) expect(configVariables(), name).to.include(name);
  });

  it('pins the Node major Heroku should install, and builds before it runs', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
      scripts: Record<string, string>;
    };
    expect(pkg.engines.node).to.equal('24.x');
    expect(pkg.scripts.build).to.be.a('string');
    expect(procfile).to.contain('dist/');
  });
});
