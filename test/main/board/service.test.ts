/**
 * The board on a real engine: creating escalations (by hand, from a post, from an alert),
 * who may do what, versioned updates and the conflict answer, comments and mentions, history,
 * catch-up by sequence number, and that events leave only after their change committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardCard, BoardChange, UpdateResult } from '../../../shared/contract/board.js';
import { boardRig, MIN, T0, type BoardRig } from './helpers.js';

let rig: BoardRig;
afterEach(async () => {
  await rig?.engine.stop();
});

const changedCards = (r: BoardRig) => (r.eventsNamed('board.changed') as BoardChange[]).map((c) => c.card);

describe('creating escalations', () => {
  it('by hand: a new card, version 1, logged with the next seq and pushed to every client', async () => {
    rig = boardRig();
    const { seq, card } = await rig.call(rig.team.operator, 'board.create', {
      title: 'Checkout fails for EU users',
      priority: 'P2',
      tags: ['Checkout'],
    });
    expect(card).toMatchObject({
      status: 'new',
      priority: 'P2',
      version: 1,
      tags: ['checkout'],
      createdBy: { username: 'omar' },
      assignee: null,
    });
    expect(seq).toBe(1);
    await rig.settle();
    // The event carries the card without its comments (they go out one by one as board.commented).
    const { comments: _comments, ...head } = card;
    expect(rig.eventsNamed('board.changed')).toEqual([{ seq: 1, card: head }]);
    const audit = rig.engine.store.audit.recent(5);
    expect(audit[0]).toMatchObject({ action: 'board.create', actor: 'omar', subject: `card ${card.id}` });
  });

  it('from a stored post: its text, author and link attached, the customer defaults to the author', async () => {
    rig = boardRig();
    const [post] = rig.engine.store.posts.insertMany(
      [
        {
          source: 'demo',
          externalId: 'p1',
          url: 'https://social.example/@kim/1',
          author: '@kim',
          text: 'Is checkout down?\nI get an error',
          lang: 'en',
          createdAt: T0 - MIN,
          fetchedAt: T0,
          engagement: {},
        },
      ],
      [{ terms: ['checkout'], outageIntent: 0.9 }],
    );
    const { card } = await rig.call(rig.team.operator, 'board.create', { postIds: [post!.id], priority: 'P3', tags: [] });
    expect(card.title).toBe('Is checkout down?');
    expect(card.customerHandle).toBe('@kim');
    expect(card.posts).toEqual([
      {
        postId: post!.id,
        source: 'demo',
        author: '@kim',
        text: 'Is checkout down?\nI get an error',
        url: 'https://social.example/@kim/1',
        createdAt: T0 - MIN,
      },
    ]);
    expect(await rig.refused(rig.team.operator, 'board.create', { postIds: [999_999], priority: 'P3', tags: [] })).toMatchObject({
      code: 'not_found',
    });
  });

  it('from an alert: its title and sample posts', async () => {
    rig = boardRig();
    const alert = rig.engine.store.alerts.insert({
      series: 'total',
      state: 'open',
      severity: 'critical',
      openedAt: T0,
      updatedAt: T0,
      resolvedAt: null,
      title: 'Surge: 5× usual volume',
      math: {
        windowMinutes: 5,
        expected: 10,
        bandLow: 5,
        bandHigh: 15,
        observed: 50,
        ratio: 5,
        score: 0.9,
        persistedMinutes: 3,
        sources: ['demo'],
      },
      drivers: {
        topTerms: [],
        samplePosts: [
          { source: 'demo', author: '@a', text: 'down again', url: null },
          { source: 'demo', author: '@b', text: '<img src=x onerror=alert(1)>', url: 'https://x.example/2' },
        ],
        outageIntent: 0.8,
        statusIncident: null,
      },
    });
    const { card } = await rig.call(rig.team.lead, 'board.create', { alertId: alert.id, priority: 'P1', tags: [] });
    expect(card).toMatchObject({ title: 'Surge: 5× usual volume', alertId: alert.id, customerHandle: null });
    // Stored as given: it is text, and the renderer shows it as text.
    expect(card.posts.map((p) => p.text)).toEqual(['down again', '<img src=x onerror=alert(1)>']);
  });

  it('from posts by several people: no one of them is named the customer', async () => {
    rig = boardRig();
    const at = { createdAt: T0 - MIN, fetchedAt: T0, engagement: {}, lang: 'en', url: null, source: 'demo' };
    const posts = rig.engine.store.posts.insertMany(
      [
        { ...at, externalId: 'm1', author: '@kim', text: 'checkout is down' },
        { ...at, externalId: 'm2', author: '@lee', text: 'checkout down for me too' },
        { ...at, externalId: 'm3', author: '@kim', text: 'still down' },
      ],
      [
        { terms: ['checkout'], outageIntent: 0.9 },
        { terms: ['checkout'], outageIntent: 0.9 },
        { terms: ['down'], outageIntent: 0.9 },
      ],
    );
    const both = await rig.call(rig.team.operator, 'board.create', { postIds: posts.map((p) => p!.id), priority: 'P3', tags: [] });
    expect(both.card.customerHandle).toBeNull();
    const kims = await rig.call(rig.team.operator, 'board.create', { postIds: [posts[0]!.id, posts[2]!.id], priority: 'P3', tags: [] });
    expect(kims.card.customerHandle).toBe('@kim');
  });

  it('needs a title from somewhere, and social managers cannot create', async () => {
    rig = boardRig();
    expect(await rig.refused(rig.team.operator, 'board.create', { priority: 'P3', tags: [] })).toMatchObject({ code: 'bad_request' });
    expect(await rig.refused(rig.team.social, 'board.create', { title: 'x', priority: 'P3', tags: [] })).toMatchObject({
      code: 'forbidden',
    });
  });
});

describe('who may change what', () => {
  it('a support lead assigns (an untriaged card moves to assigned); an operator cannot assign', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Refund stuck', priority: 'P3', tags: [] });
    const refused = await rig.refused(rig.team.operator, 'board.update', {
      id: card.id,
      baseVersion: 1,
      patch: { assigneeId: rig.team.operator.userId },
    });
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/support leads and admins/);
    const done = (await rig.call(rig.team.lead, 'board.update', {
      id: card.id,
      baseVersion: 1,
      patch: { assigneeId: rig.team.operator.userId },
    })) as Extract<UpdateResult, { result: 'updated' }>;
    expect(done.card).toMatchObject({
      status: 'assigned',
      version: 2,
      assignee: { userId: 'u-omar', username: 'omar', displayName: 'Omar' },
    });
    expect(rig.engine.store.audit.recent(1)[0]).toMatchObject({
      action: 'board.update',
      actor: 'lena',
      detail: { patch: { assigneeId: 'u-omar' } },
    });
  });

  it('the assignee moves their own card; another operator may not, nor change its priority', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'App crash on login', priority: 'P2', tags: [] });
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: { assigneeId: 'u-omar' } });
    const moved = (await rig.call(rig.team.operator, 'board.update', {
      id: card.id,
      baseVersion: 2,
      patch: { status: 'in_progress' },
    })) as Extract<UpdateResult, { result: 'updated' }>;
    expect(moved.card.status).toBe('in_progress');
    expect(
      await rig.refused(rig.team.operator2, 'board.update', { id: card.id, baseVersion: 3, patch: { status: 'resolved' } }),
    ).toMatchObject({ code: 'forbidden' });
    expect(await rig.refused(rig.team.operator, 'board.update', { id: card.id, baseVersion: 3, patch: { priority: 'P1' } })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('an operator cannot change the SLA or escalation policy; a lead can, and it is audited', async () => {
    rig = boardRig();
    const sla = await rig.call(rig.team.operator, 'board.getSla', {});
    const tighter = { ...sla, targets: { ...sla.targets, P1: { ...sla.targets.P1, firstResponseMinutes: 5 } } };
    expect(await rig.refused(rig.team.operator, 'board.saveSla', { policy: tighter })).toMatchObject({ code: 'forbidden' });
    expect((await rig.call(rig.team.operator, 'board.getSla', {})).targets.P1.firstResponseMinutes).toBe(15);
    await rig.call(rig.team.lead, 'board.saveSla', { policy: tighter });
    expect((await rig.call(rig.team.operator, 'board.getSla', {})).targets.P1.firstResponseMinutes).toBe(5);
    expect(rig.engine.store.audit.recent(1)[0]).toMatchObject({ action: 'board.saveSla', actor: 'lena' });
    const esc = await rig.call(rig.team.operator, 'board.getEscalationPolicy', {});
    expect(await rig.refused(rig.team.operator, 'board.saveEscalationPolicy', { policy: { ...esc, repeat: 0 } })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('a bad policy is refused in plain words and the stored one stays', async () => {
    rig = boardRig();
    const sla = await rig.call(rig.team.lead, 'board.getSla', {});
    const bad = { ...sla, businessHours: { zone: 'Mars/Olympus', days: [{ day: 1, start: '17:00', end: '09:00' }] } };
    const refused = await rig.refused(rig.team.lead, 'board.saveSla', { policy: bad });
    expect(refused.code).toBe('bad_request');
    expect(refused.message).toMatch(/time zone/);
    expect(await rig.call(rig.team.lead, 'board.getSla', {})).toEqual(sla);
  });
});

describe('versions and conflicts', () => {
  it('a stale write to a field someone else changed gets the conflict answer with the fresh card; nothing is overwritten', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'Billing page blank', priority: 'P3', tags: [] });
    // Lena and Ada both have version 1 open. Lena moves it first.
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: { status: 'in_progress' } });
    const stale = await rig.call(rig.team.admin, 'board.update', { id: card.id, baseVersion: 1, patch: { status: 'triaged' } });
    expect(stale.result).toBe('conflict');
    if (stale.result !== 'conflict') return;
    expect(stale.conflicting).toEqual(['status']);
    expect(stale.message).toMatch(/^Lena changed the status after you opened this card, so nothing was saved/);
    expect(stale.current).toMatchObject({ status: 'in_progress', version: 2 });
    expect(stale.changes).toEqual([
      {
        field: 'status',
        from: 'new',
        to: 'in_progress',
        by: { userId: 'u-lena', username: 'lena', displayName: 'Lena' },
        at: T0,
        version: 2,
      },
    ]);
    const stored = await rig.call(rig.team.lead, 'board.snapshot', {});
    expect(stored.cards[0]).toMatchObject({ status: 'in_progress', version: 2 });
    expect(rig.engine.store.audit.recent(1)[0]).toMatchObject({ action: 'board.update.conflict', actor: 'ada' });
    // Retrying on the fresh version goes through.
    const retried = await rig.call(rig.team.admin, 'board.update', { id: card.id, baseVersion: 2, patch: { status: 'triaged' } });
    expect(retried).toMatchObject({ result: 'updated', card: { status: 'triaged', version: 3 } });
  });

  it('a stale write to other fields merges; comments and acknowledgements never cause a conflict', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'Login loop', priority: 'P2', tags: [] });
    await rig.call(rig.team.operator, 'board.comment', { id: card.id, text: 'Seeing this too' });
    await rig.call(rig.team.operator, 'board.acknowledge', { id: card.id });
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 3, patch: { priority: 'P1' } });
    const merged = await rig.call(rig.team.admin, 'board.update', { id: card.id, baseVersion: 1, patch: { tags: ['auth'] } });
    expect(merged).toMatchObject({ result: 'updated', card: { priority: 'P1', tags: ['auth'], version: 5 } });
    // Making the same move someone already made is not a conflict either.
    const same = await rig.call(rig.team.admin, 'board.update', { id: card.id, baseVersion: 1, patch: { priority: 'P1' } });
    expect(same).toMatchObject({ result: 'updated', card: { version: 5 } });
  });

  it('the writer’s own later changes never conflict with it (an offline queue sent in order)', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'Queue', priority: 'P3', tags: [] });
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: { status: 'triaged' } });
    const second = await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: { status: 'in_progress' } });
    expect(second).toMatchObject({ result: 'updated', card: { status: 'in_progress', version: 3 } });
    // Someone else's stale write on the same field still conflicts.
    expect(await rig.call(rig.team.admin, 'board.update', { id: card.id, baseVersion: 1, patch: { status: 'resolved' } })).toMatchObject({
      result: 'conflict',
      conflicting: ['status'],
    });
  });

  it('a version from the future and an unknown card are plain errors', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'x', priority: 'P4', tags: [] });
    expect(await rig.refused(rig.team.lead, 'board.update', { id: card.id, baseVersion: 9, patch: { priority: 'P1' } })).toMatchObject({
      code: 'bad_request',
    });
    expect(await rig.refused(rig.team.lead, 'board.update', { id: 4242, baseVersion: 1, patch: { priority: 'P1' } })).toMatchObject({
      code: 'not_found',
    });
    expect(await rig.refused(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: {} })).toMatchObject({
      code: 'bad_request',
    });
  });
});

describe('comments, history and catch-up', () => {
  it('comments keep text as text; @mentions of real users are recorded and announced', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Outage in EU', priority: 'P2', tags: [] });
    const { card: after } = await rig.call(rig.team.operator, 'board.comment', {
      id: card.id,
      text: '@lena can you take this? cc @nobody <b>urgent</b>',
    });
    expect(after.comments).toEqual([
      {
        id: expect.any(Number),
        at: T0,
        author: { userId: 'u-omar', username: 'omar', displayName: 'Omar' },
        text: '@lena can you take this? cc @nobody <b>urgent</b>',
        mentions: ['lena'],
      },
    ]);
    await rig.settle();
    expect(rig.eventsNamed('board.mention')).toEqual([
      { cardId: card.id, title: 'Outage in EU', by: { userId: 'u-omar', username: 'omar', displayName: 'Omar' }, usernames: ['lena'] },
    ]);
  });

  it('history tells every change in plain words, oldest first', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.operator, 'board.create', { title: 'Slow search', priority: 'P3', tags: [] });
    await rig.call(rig.team.lead, 'board.update', { id: card.id, baseVersion: 1, patch: { assigneeId: 'u-omar', priority: 'P2' } });
    await rig.call(rig.team.operator, 'board.comment', { id: card.id, text: 'on it' });
    const history = await rig.call(rig.team.social, 'board.history', { id: card.id });
    expect(history.map((h) => h.summary)).toEqual([
      'Omar created it',
      'Lena set priority P2, assigned it to Omar, moved it to assigned',
      'Omar commented',
    ]);
    expect(history.map((h) => h.version)).toEqual([1, 2, 3]);
  });

  it('since(seq) answers each changed card once in its latest state; too far behind answers tooFarBehind', async () => {
    rig = boardRig();
    rig.engine.board.stop();
    const a = (await rig.call(rig.team.lead, 'board.create', { title: 'A', priority: 'P3', tags: [] })).card;
    const { seq: after } = await rig.call(rig.team.lead, 'board.create', { title: 'B', priority: 'P3', tags: [] });
    await rig.call(rig.team.lead, 'board.update', { id: a.id, baseVersion: 1, patch: { title: 'A2' } });
    await rig.call(rig.team.lead, 'board.update', { id: a.id, baseVersion: 2, patch: { title: 'A3' } });
    const since = await rig.call(rig.team.social, 'board.since', { seq: after });
    expect(since).toMatchObject({ kind: 'changes', seq: 4, changes: [{ seq: 4, card: { id: a.id, title: 'A3', version: 3 } }] });
    expect(await rig.call(rig.team.social, 'board.since', { seq: 4 })).toEqual({ kind: 'changes', seq: 4, changes: [] });
    expect(await rig.call(rig.team.social, 'board.since', { seq: 99 })).toEqual({ kind: 'tooFarBehind', seq: 4 });
    const full = await rig.call(rig.team.social, 'board.snapshot', {});
    expect(full.seq).toBe(4);
    expect(full.cards.map((c: BoardCard) => c.title)).toEqual(['A3', 'B']);
  });

  it('an event whose change rolled back is never sent', async () => {
    rig = boardRig();
    rig.engine.store.db.exec(
      "CREATE TRIGGER fail_board_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'board.create' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(await rig.refused(rig.team.lead, 'board.create', { title: 'never', priority: 'P1', tags: [] })).toMatchObject({
      code: 'internal',
    });
    await rig.settle();
    expect(changedCards(rig)).toEqual([]);
    expect((await rig.call(rig.team.lead, 'board.snapshot', {})).cards).toEqual([]);
  });

  it('presence: who has which card open, per connection, released on disconnect', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'P', priority: 'P3', tags: [] });
    await rig.call(rig.team.lead, 'board.presence', { cardId: card.id });
    const second = { ...rig.team.lead, connectionId: 'conn-lena-2' };
    await rig.call(second, 'board.presence', { cardId: card.id });
    const both = await rig.call(rig.team.operator, 'board.presence', { cardId: card.id });
    expect(both).toEqual([
      {
        cardId: card.id,
        viewers: [
          { userId: 'u-lena', username: 'lena', displayName: 'Lena' },
          { userId: 'u-omar', username: 'omar', displayName: 'Omar' },
        ],
      },
    ]);
    rig.engine.connectionClosed!('conn-omar');
    expect(rig.eventsNamed('board.presence').at(-1)).toEqual({
      entries: [{ cardId: card.id, viewers: [{ userId: 'u-lena', username: 'lena', displayName: 'Lena' }] }],
    });
    rig.engine.connectionClosed!('conn-lena');
    rig.engine.connectionClosed!('conn-lena-2');
    expect(rig.eventsNamed('board.presence').at(-1)).toEqual({ entries: [{ cardId: card.id, viewers: [] }] });
    expect(await rig.refused(rig.team.lead, 'board.presence', { cardId: 999 })).toMatchObject({ code: 'not_found' });
  });
});
