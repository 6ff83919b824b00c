import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { backfillLine, streamLine } from '../../renderer/src/components/streamText.js';
import { BackfillState } from '../../renderer/src/views/SourcesView.js';

describe('stream line in the Sources view', () => {
  it('says nothing for a source that does not stream', () => {
    expect(streamLine(null)).toBeNull();
  });

  it('names each state in plain words, with the reason while reconnecting', () => {
    expect(streamLine({ state: 'live', since: 1, detail: null })).toBe('Live stream: connected');
    expect(streamLine({ state: 'connecting', since: 1, detail: null })).toBe('Live stream: connecting…');
    expect(streamLine({ state: 'reconnecting', since: 1, detail: 'connection refused' })).toBe(
      'Live stream: reconnecting — connection refused',
    );
    expect(streamLine({ state: 'connecting', since: 1, detail: 'Mastodon streaming needs an access token' })).toBe(
      'Live stream: connecting… — Mastodon streaming needs an access token',
    );
  });
});

describe('first history fetch in the Sources view', () => {
  it('counts the posts fetched so far while a new source pages back, and says nothing otherwise', () => {
    expect(backfillLine({ fetched: 12_400 })).toBe('Fetching history… 12,400 posts so far');
    expect(backfillLine({ fetched: 1 })).toBe('Fetching history… 1 post so far');
    expect(backfillLine(undefined)).toBeNull();
  });
});

it("a source's row says it is fetching history while its first fetch pages, and nothing otherwise", () => {
  expect(renderToStaticMarkup(createElement(BackfillState, { backfill: { fetched: 12_400 } }))).toBe(
    '<span class="stream-state" data-testid="backfill-state">Fetching history… 12,400 posts so far</span>',
  );
  expect(renderToStaticMarkup(createElement(BackfillState, { backfill: undefined }))).toBe('');
});
