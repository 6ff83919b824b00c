/**
 * Request keys on creates and comments: a window that queued them offline sends them again on
 * reconnect, and one whose answer was lost sends them again too. The hub makes each once: the
 * repeat answers what the first made, and no event or @mention goes out twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { boardRig, type BoardRig } from './helpers.js';

let rig: BoardRig;
afterEach(async () => {
  await rig.engine.stop();
});

describe('request keys', () => {
  it('a comment sent twice under one key is added once; the mention notifies once; the repeat is audited as a replay', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'Login down', priority: 'P2', tags: [] });
    rig.events.length = 0;
    const params = { id: card.id, text: 'Looping in @olga', requestKey: 'c-0001-abcd' };
    const first = await rig.call(rig.team.operator, 'board.comment', params);
    await rig.settle();
    const again = await rig.call(rig.team.operator, 'board.comment', params);
    await rig.settle();
    expect(first.replayed).toBeUndefined();
    expect(again.replayed).toBe(true);
    expect(again.card.comments.map((c) => c.text)).toEqual(['Looping in @olga']);
    expect(again.card.version).toBe(first.card.version);
    expect(again.seq).toBe(first.seq);
    expect(rig.engine.store.board.commentsOf(card.id)).toHaveLength(1);
    expect(rig.eventsNamed('board.commented')).toHaveLength(1);
    expect(rig.eventsNamed('board.mention')).toEqual([expect.objectContaining({ usernames: ['olga'] })]);
    expect(rig.engine.store.audit.recent(2).map((a) => a.action)).toEqual(['board.comment.replayed', 'board.comment']);
  });

  it('a create sent twice under one key makes one card; another person’s same key is theirs', async () => {
    rig = boardRig();
    const params = { title: 'Refunds stuck', priority: 'P1' as const, tags: ['billing'], requestKey: 'n-0001-abcd' };
    const first = await rig.call(rig.team.operator, 'board.create', params);
    const again = await rig.call(rig.team.operator, 'board.create', params);
    expect(again).toMatchObject({ replayed: true, card: { id: first.card.id, version: first.card.version } });
    const other = await rig.call(rig.team.lead, 'board.create', params);
    expect(other.card.id).not.toBe(first.card.id);
    expect(rig.engine.store.board.listCards(true)).toHaveLength(2);
    await rig.settle();
    expect(rig.eventsNamed('board.changed')).toHaveLength(2);
  });

  it('a key reused for a different card, or for a create, is refused in plain words and stores nothing', async () => {
    rig = boardRig();
    const a = (await rig.call(rig.team.lead, 'board.create', { title: 'A', priority: 'P3', tags: [] })).card;
    const b = (await rig.call(rig.team.lead, 'board.create', { title: 'B', priority: 'P3', tags: [] })).card;
    await rig.call(rig.team.lead, 'board.comment', { id: a.id, text: 'first', requestKey: 'k-0001-abcd' });
    const elsewhere = await rig.refused(rig.team.lead, 'board.comment', { id: b.id, text: 'first', requestKey: 'k-0001-abcd' });
    expect(elsewhere).toEqual({ code: 'bad_request', message: expect.stringMatching(/already used for another change/) });
    const asCreate = await rig.refused(rig.team.lead, 'board.create', { title: 'C', priority: 'P3', tags: [], requestKey: 'k-0001-abcd' });
    expect(asCreate.code).toBe('bad_request');
    expect(rig.engine.store.board.commentsOf(b.id)).toEqual([]);
    expect(rig.engine.store.board.listCards(true)).toHaveLength(2);
  });

  it('calls without a key (older apps) are not deduplicated; a malformed key is refused by the contract', async () => {
    rig = boardRig();
    const { card } = await rig.call(rig.team.lead, 'board.create', { title: 'A', priority: 'P3', tags: [] });
    await rig.call(rig.team.lead, 'board.comment', { id: card.id, text: 'same' });
    await rig.call(rig.team.lead, 'board.comment', { id: card.id, text: 'same' });
    expect(rig.engine.store.board.commentsOf(card.id)).toHaveLength(2);
    const bad = await rig.refused(rig.team.lead, 'board.comment', { id: card.id, text: 'x', requestKey: 'has spaces in it' });
    expect(bad.code).toBe('bad_request');
    expect(bad.message).toMatch(/request key/);
  });

  it('a key whose first call was refused (role) is free: nothing was made under it', async () => {
    rig = boardRig();
    const params = { title: 'From a social manager', priority: 'P3' as const, tags: [], requestKey: 'r-0001-abcd' };
    expect((await rig.refused(rig.team.social, 'board.create', params)).code).toBe('forbidden');
    const made = await rig.call(rig.team.operator, 'board.create', params);
    expect(made.replayed).toBeUndefined();
  });
});
