/**
 * Publishing accounts managed in the app: stored with the credential encrypted, config-file
 * accounts read-only, removal refused while posts still target the account, admins only, and
 * `accounts.test` signing in to a fake Bluesky (and saying plainly what it does not check).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../main/sources/http.js';
import { startPublishingFake, type PublishingFake } from '../../fixtures/fakes/publishing.js';
import { ADA, LEE, openDesk, SAM, type Desk } from './desk.js';

const http = createHttpClient({ userAgent: 'SurgeDesk/test', timeoutMs: 3000, maxBodyBytes: 256 * 1024 });
const SECRET = 'mastodon-secret-token-7f3a9c';

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('publishing accounts managed in the app', () => {
  let fake: PublishingFake;
  let dir: string;
  let desk: Desk;

  beforeAll(async () => {
    fake = await startPublishingFake();
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(() => {
    desk.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'surge-accounts-'));
    desk = openDesk({ file: join(dir, 'surge.db'), http });
    return desk;
  };
  const mastodon = {
    type: 'mastodon',
    name: 'support-m',
    baseUrl: 'https://social.example',
    token: SECRET,
    handle: '@support@social.example',
  };

  it('adds an account with its token encrypted at rest, shows it to every role and announces it', async () => {
    const d = open();
    const view = await d.call('accounts.add', { config: mastodon }, ADA);
    expect(view).toMatchObject({ name: 'support-m', network: 'mastodon', origin: 'app', charLimit: 500, secretsSet: ['token'] });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(await d.call('accounts.configs', {}, ADA))).not.toContain(SECRET);

    const listed = await d.call('accounts.list', {}, SAM);
    expect(listed.map((a) => `${a.name}:${a.origin}`)).toContain('support-m:app');
    const changed = d.events.filter((e) => e.event === 'accounts.changed');
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed[0]!.data)).toContain('support-m');
    expect(d.store.audit.page(5)[0]).toMatchObject({ action: 'accounts.add', subject: 'support-m' });

    // The composer can target it at once.
    const post = await d.call('scheduled.create', { text: 'hello', accounts: ['support-m'], at: d.inMinutes(30) }, SAM);
    expect(post.accounts).toEqual(['support-m']);

    d.close();
    const bytes = ['surge.db', 'surge.db-wal']
      .map((f) => {
        try {
          return readFileSync(join(dir, f)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(bytes).toContain('support-m');
    expect(bytes).not.toContain(SECRET);
    desk = openDesk({ file: join(dir, 'surge.db'), http });
  });

  it('keeps a stored token when the edit leaves it empty, and refuses renames and network changes', async () => {
    const d = open();
    await d.call('accounts.add', { config: mastodon }, ADA);
    const edited = await d.call('accounts.update', { name: 'support-m', config: { ...mastodon, token: '', charLimit: 1000 } }, ADA);
    expect(edited).toMatchObject({ charLimit: 1000, secretsSet: ['token'] });
    const cleared = await d.call('accounts.update', { name: 'support-m', config: { handle: null, charLimit: null } }, ADA);
    expect(cleared).toMatchObject({ handle: null, charLimit: 500, settings: { baseUrl: 'https://social.example' } });
    const row = d.store.publishing.accounts().find((a) => a.name === 'support-m')!;
    expect(row.secrets).not.toContain(SECRET);
    expect(JSON.parse(Buffer.from(row.secrets.slice(5), 'base64').toString('utf8'))).toEqual({ token: SECRET });

    expect(
      (await rejection(d.call('accounts.update', { name: 'support-m', config: { ...mastodon, name: 'other' } }, ADA))).message,
    ).toMatch(/cannot be renamed/);
    const moved = await rejection(d.call('accounts.update', { name: 'support-m', config: { type: 'x', token: 'abc' } }, ADA));
    expect(moved.message).toMatch(/network cannot change/);
  });

  it('refuses bad input in plain words and leaves nothing stored', async () => {
    const d = open();
    const bad = await rejection(d.call('accounts.add', { config: { type: 'mastodon', name: 'x y', baseUrl: 'ftp://a', token: '' } }, ADA));
    expect(bad.code).toBe('bad_request');
    expect(bad.message).toMatch(/name: must be/);
    expect(bad.message).toMatch(/baseUrl/);
    expect(d.store.publishing.accounts().map((a) => a.name)).not.toContain('x y');
    const clash = await rejection(d.call('accounts.add', { config: { ...mastodon, name: 'BRAND-M' } }, ADA));
    expect(clash).toMatchObject({ code: 'conflict' });
    expect(clash.message).toMatch(/already an account named "brand-m" \(from the config file\)/);
  });

  it('never edits or removes an account from the config file', async () => {
    const d = open();
    const configs = await d.call('accounts.configs', {}, ADA);
    expect(configs.find((a) => a.name === 'brand-m')).toMatchObject({ origin: 'file' });
    const edit = await rejection(d.call('accounts.update', { name: 'brand-m', config: { charLimit: 900 } }, ADA));
    expect(edit.message).toMatch(/config file/);
    const remove = await rejection(d.call('accounts.remove', { name: 'brand-m' }, ADA));
    expect(remove).toMatchObject({ code: 'conflict' });
    expect(d.store.publishing.accounts().find((a) => a.name === 'brand-m')).toMatchObject({ charLimit: 500, origin: 'file' });
  });

  it('refuses to remove an account that posts still target, naming how many, and removes it once they are cancelled', async () => {
    const d = open();
    await d.call('accounts.add', { config: mastodon }, ADA);
    const first = await d.scheduled(30, ['support-m', 'brand-m']);
    const second = await d.call('scheduled.create', { text: 'draft', accounts: ['support-m'], at: d.inMinutes(60) }, SAM);
    const refused = await rejection(d.call('accounts.remove', { name: 'support-m' }, ADA));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/2 posts that have not gone out target it/);

    await d.call('scheduled.cancel', { id: first.id, version: first.version }, SAM);
    expect((await rejection(d.call('accounts.remove', { name: 'support-m' }, ADA))).message).toMatch(
      /1 post that has not gone out targets it/,
    );
    await d.call('scheduled.delete', { id: second.id, version: second.version }, SAM);

    expect(await d.call('accounts.remove', { name: 'support-m' }, ADA)).toEqual({ removed: 'support-m' });
    expect(d.store.publishing.accounts().map((a) => a.name)).not.toContain('support-m');
    expect(d.store.audit.page(5)[0]).toMatchObject({ action: 'accounts.remove', subject: 'support-m' });
  });

  it('is for admins only', async () => {
    const d = open();
    for (const ctx of [SAM, LEE]) {
      expect((await rejection(d.call('accounts.add', { config: mastodon }, ctx))).code).toBe('forbidden');
      expect((await rejection(d.call('accounts.configs', {}, ctx))).code).toBe('forbidden');
      expect((await rejection(d.call('accounts.test', { name: 'brand-b' }, ctx))).code).toBe('forbidden');
    }
    expect(d.store.publishing.accounts().map((a) => a.name)).not.toContain('support-m');
  });

  it('tests a Bluesky account by signing in to the fake, and says plainly that Mastodon and X are not checked', async () => {
    const d = open();
    const good = await d.call(
      'accounts.test',
      { config: { type: 'bluesky', name: 'b2', identifier: 'brand.example', appPassword: 'app-pw', service: fake.url } },
      ADA,
    );
    expect(good).toMatchObject({ ok: true, handle: 'brand.example' });
    const wrong = await d.call(
      'accounts.test',
      { config: { type: 'bluesky', name: 'b2', identifier: 'brand.example', appPassword: 'nope', service: fake.url } },
      ADA,
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/did not accept/);

    const posted = fake.created.length;
    const requests = fake.server.requests.length;
    const m = await d.call('accounts.test', { config: { ...mastodon, baseUrl: fake.url } }, ADA);
    expect(m).toMatchObject({ ok: null });
    expect(m.message).toMatch(/no harmless check call for Mastodon/);
    const x = await d.call('accounts.test', { name: 'brand-x' }, ADA);
    expect(x.message).toMatch(/GET \/2\/users\/me/);
    expect(fake.server.requests.length).toBe(requests);
    expect(fake.created.length).toBe(posted);
    expect(d.store.publishing.accounts().map((a) => a.name)).not.toContain('b2');
  });
});
