/**
 * The Sources form asks a new source how much history to fetch (a week by default, a day on
 * X, where reads count toward a monthly cap), not at all for types with no history, and only
 * shows an existing source's choice.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DeskProvider } from '../../renderer/src/store/react.js';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { HistoryField } from '../../renderer/src/views/sources/HistoryField.js';
import { createFakeClient } from './fakeTransport.js';

const text = (html: string) => html.replace(/<[^>]+>/g, '');

function formHtml(open: (store: ReturnType<typeof createDeskStore>) => void): string {
  const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
  open(store);
  const form = store.getState().sourceForm;
  if (!form) throw new Error('no form open');
  return renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(HistoryField, { form, id: 'h' }) }));
}

describe('history to fetch when a source is added', () => {
  it('is a labelled radio group with a week chosen for a new Mastodon source, and says why history matters and that new posts do not wait for it', () => {
    const html = formHtml((store) => store.getState().openAddSource('mastodon'));
    expect(html).toMatch(/<fieldset[^>]*aria-describedby="h-why"[^>]*><legend>History to fetch when added<\/legend>/);
    const radios = html.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(3);
    expect(radios.every((radio) => radio.includes('name="h-history"'))).toBe(true);
    expect(radios.filter((radio) => radio.includes('checked'))).toEqual([expect.stringContaining('value="week"')]);
    expect(text(html)).toContain('Last hourup to 500 posts');
    expect(text(html)).toContain('Last dayup to 20,000 posts');
    expect(text(html)).toContain('Last 7 daysup to 100,000 posts');
    expect(text(html)).toContain('learns each hour of the day over a week');
    expect(text(html)).toContain('New posts are read from the start, at the source’s usual pace, while its history fills in behind them');
    expect(text(html)).not.toContain('once its history is in');
    expect(text(html)).toContain('300 page requests per 15 minutes');
  });

  it('starts X at a day and says what its search and plan allow', () => {
    const html = formHtml((store) => store.getState().openAddSource('x'));
    const checked = (html.match(/<input type="radio"[^>]*>/g) ?? []).filter((radio) => radio.includes('checked'));
    expect(checked).toEqual([expect.stringContaining('value="day"')]);
    expect(text(html)).toContain('X search reaches back 7 days at most');
  });

  it('follows the type’s default when the type changes, unless a choice was made', () => {
    const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
    store.getState().openAddSource('mastodon');
    store.getState().editSourceDraft({ type: 'x' });
    expect(store.getState().sourceForm?.draft.history).toBe('day');
    store.getState().editSourceDraft({ type: 'rss' });
    expect(store.getState().sourceForm?.draft.history).toBe('week');
    store.getState().editSourceDraft({ history: 'hour' });
    store.getState().editSourceDraft({ type: 'x' });
    expect(store.getState().sourceForm?.draft.history).toBe('hour');
  });

  it('is not asked for a webhook or a status page, which have no history', () => {
    expect(formHtml((store) => store.getState().openAddSource('webhook'))).toBe('');
    expect(formHtml((store) => store.getState().openAddSource('statuspage'))).toBe('');
  });

  it('on an edit shows what was chosen, read-only, and keeps it', () => {
    const config = { type: 'rss', name: 'feed', url: 'https://e.example/feed', backfill: { maxPosts: 20_000, maxAgeMinutes: 1_440 } };
    const store = createDeskStore({ client: createFakeClient({}).client, now: () => 0 });
    store.setState({ sourceConfigs: [{ name: 'feed', type: 'rss', origin: 'app', config, secretsSet: [] }] });
    expect(store.getState().openEditSource('feed')).toBe(true);
    store.getState().editSourceDraft({ history: 'week' });
    const form = store.getState().sourceForm!;
    expect(form.draft.history).toBeNull();
    const html = renderToStaticMarkup(createElement(DeskProvider, { store, children: createElement(HistoryField, { form, id: 'h' }) }));
    expect(html).not.toContain('type="radio"');
    expect(text(html)).toContain('History fetched when added: Last day');
  });
});
