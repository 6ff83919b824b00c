import { useCallback, useEffect, useMemo } from 'react';
import { BucketPostsDialog } from '../components/BucketPosts.js';
import { GapNotes } from '../components/GapNotes.js';
import { gapSentence } from '../components/gapText.js';
import { RecentPosts } from '../components/RecentPosts.js';
import { colorFor } from '../components/seriesColors.js';
import { formatClock, formatCount, formatRatio, seriesLabel } from '../format.js';
import { postsSelectors } from '../store/posts/selectors.js';
import { seriesKey } from '../../../shared/domain.js';
import { sourcesByMinute, type GapBand } from '../store/gaps/bands.js';
import { coverageSelectors } from '../store/gaps/selectors.js';
import { useDesk } from '../store/react.js';
import { systemSelectors } from '../store/system/selectors.js';
import { volumeSelectors, type LiveSummary } from '../store/volume/selectors.js';
import { useNow, usePolling } from '../useNow.js';
import { WallControls, WallModeButton } from './live/WallControls.js';
import { SeriesChart, rangeLabel } from './live/SeriesChart.js';
import { seriesForSplit } from '../store/wall/action.js';
import { learningNote } from '../../../shared/learning.js';

const TABLE_MINUTES = 15;
const NO_GAPS: GapBand[] = [];
const POSTS_REFRESH_MS = 5_000;
/**
 * The expected band gains a point per settled minute, which the hub sends with `volume.tick`
 * (markers follow `alerts.changed`). An older hub does not: the band is polled until a tick
 * brings one.
 */
const BANDS_REFRESH_MS = 30_000;
const BANDS_FIRST_POLL_MS = 90_000;

/** The sentence a screen reader gets instead of the picture. */
export function summarySentence(summary: LiveSummary | null): string {
  if (!summary) return 'No posts yet.';
  const parts = [`Last minute: ${formatCount(summary.lastFullCount)} posts`];
  if (summary.ratio !== null) parts.push(`${formatRatio(summary.ratio)} the hour's median of ${formatCount(summary.hourMedian ?? 0)}`);
  else if (summary.hourMedian === 0) parts.push("the hour's median is 0");
  return `${parts.join(', ')}. This minute so far: ${formatCount(summary.currentCount)}.`;
}

/** What the shading says, for the chart's screen-reader label. */
function gapsSentence(gaps: readonly GapBand[]): string {
  if (gaps.length === 0) return '';
  const newest = gaps[gaps.length - 1]!;
  const more = gaps.length > 1 ? ` ${gaps.length - 1} more ${gaps.length === 2 ? 'gap is' : 'gaps are'} listed below the chart.` : '';
  return ` Shaded: ${gapSentence(newest.source, newest)}.${more}`;
}

function SummaryCards({ summary, windowTotal }: { summary: LiveSummary | null; windowTotal: number }) {
  const tone = summary?.ratio != null && summary.ratio >= 3 ? 'alert' : summary?.ratio != null && summary.ratio >= 1.8 ? 'warn' : 'calm';
  return (
    <dl className="stats" data-testid="live-summary">
      <div className="stat">
        <dt>Last full minute</dt>
        <dd>{summary ? formatCount(summary.lastFullCount) : '—'}</dd>
      </div>
      <div className={`stat stat-${tone}`}>
        <dt>vs. hour median</dt>
        <dd>
          {summary?.ratio != null ? formatRatio(summary.ratio) : '—'}
          {summary?.hourMedian != null && <span className="stat-sub"> median {formatCount(summary.hourMedian)}</span>}
        </dd>
      </div>
      <div className="stat">
        <dt>This minute so far</dt>
        <dd>{summary ? formatCount(summary.currentCount) : '—'}</dd>
      </div>
      <div className="stat">
        <dt>Posts in window</dt>
        <dd>{formatCount(windowTotal)}</dd>
      </div>
    </dl>
  );
}

export function LiveView() {
  const rows = useDesk(volumeSelectors.chartRows);
  const split = useDesk((s) => s.wallSplit);
  const watchedTerms = useDesk((s) => s.watchedTerms);
  const hasDrill = useDesk((s) => s.alerts.some((alert) => alert.series === seriesKey.drill && alert.state !== 'resolved'));
  const loadBands = useDesk((s) => s.loadBands);
  const openBucket = useDesk((s) => s.openBucket);
  const seriesKeys = useDesk(volumeSelectors.seriesKeys);
  const summary = useDesk(volumeSelectors.summary);
  const hasData = useDesk(volumeSelectors.hasData);
  const status = useDesk((s) => s.volumeStatus);
  const error = useDesk((s) => s.volumeError);
  const windowMinutes = useDesk((s) => s.volumeWindowMinutes);
  const windowTotal = useDesk((s) => volumeSelectors.windowTotal(s, 'total'));
  const gaps = useDesk(coverageSelectors.bands);
  const livePosts = useDesk((s) => s.volumeLivePosts);
  const isDemo = useDesk(systemSelectors.isDemo);
  const posts = useDesk(postsSelectors.recent);
  const postsError = useDesk((s) => s.recentPostsError);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const loadRecentPosts = useDesk((s) => s.loadRecentPosts);
  const now = useNow(5_000);
  const totalFirstMinute = useDesk((s) => s.volumeFirstMinutes[seriesKey.total]);
  const learning = learningNote(totalFirstMinute, Math.floor(now / 60_000));

  const refreshPosts = useCallback(() => void loadRecentPosts(), [loadRecentPosts]);
  usePolling(refreshPosts, POSTS_REFRESH_MS, live);
  const bandsPushed = useDesk((s) => s.wallBandsPushed);
  // On opening the view and after every reconnect: what was pushed while away is read here.
  useEffect(() => {
    if (live) void loadBands();
  }, [live, loadBands]);
  useEffect(() => {
    if (!live || bandsPushed) return;
    // A hub that sends the band does so within a minute of opening (a minute settles each
    // minute): only if none came by then is it an older hub, polled from there on.
    let timer = setTimeout(function poll() {
      void loadBands();
      timer = setTimeout(poll, BANDS_REFRESH_MS);
    }, BANDS_FIRST_POLL_MS);
    return () => clearTimeout(timer);
  }, [live, bandsPushed, loadBands]);

  const sourceKeys = seriesKeys.filter((key) => key !== 'total');
  const tableRows = useMemo(() => rows.slice(-TABLE_MINUTES).reverse(), [rows]);
  const missingAt = useMemo(() => sourcesByMinute(gaps), [gaps]);
  // Per source chart, the same array until the gaps change: the charts are memoized on their props.
  const gapsBySeries = useMemo(() => {
    const map = new Map<string, GapBand[]>();
    for (const gap of gaps) {
      const key = seriesKey.source(gap.source);
      map.set(key, [...(map.get(key) ?? []), gap]);
    }
    return map;
  }, [gaps]);
  const sentence = summarySentence(summary);
  const range = rangeLabel(windowMinutes);
  const splitKeys = seriesForSplit(
    split,
    sourceKeys,
    watchedTerms.map((term) => seriesKey.term(term)),
  ).filter((key) => key !== seriesKey.total);

  return (
    <div className="view view-live">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Live volume
        </h1>
        <p className="view-sub">
          Posts per minute, last {range}
          {isDemo ? ' — demo data' : ''}
        </p>
        <WallModeButton />
      </div>
      <WallControls />

      {error && (
        <p className="notice notice-error" role="alert">
          Could not load volume history: {error}
        </p>
      )}

      <SummaryCards summary={summary} windowTotal={windowTotal} />
      <p className="visually-hidden" data-testid="live-sentence">
        {sentence}
      </p>

      <section className="panel chart-panel" aria-labelledby="chart-title" data-window-total={windowTotal} data-live-posts={livePosts}>
        <div className="panel-head">
          <h2 id="chart-title">Post volume</h2>
          {hasData && (
            <ul className="legend" aria-label="Legend">
              {seriesKeys
                .filter((key) => key === 'total' || (split === 'none' && sourceKeys.length > 1))
                .map((key) => (
                  <li key={key} className="legend-item">
                    <svg className="legend-swatch" width="18" height="8" aria-hidden="true">
                      <line
                        x1="0"
                        y1="4"
                        x2="18"
                        y2="4"
                        stroke={colorFor(key, sourceKeys)}
                        strokeWidth={key === 'total' ? 3 : 2}
                        strokeDasharray={key === 'total' ? undefined : '5 3'}
                      />
                    </svg>
                    {seriesLabel(key)}
                  </li>
                ))}
              <li className="legend-item">
                <span className="band-swatch" aria-hidden="true" />
                Normal band (dashed: expected)
              </li>
              {learning && (
                <li className="legend-item legend-note" data-testid="band-learning" title={learning.detail}>
                  {learning.shown}
                  <span className="visually-hidden"> ({learning.detail})</span>
                </li>
              )}
              <li className="legend-item">
                <span className="marker-swatch" aria-hidden="true">
                  ▲
                </span>
                Alert opened · ▲▲ escalated · ✓ resolved
              </li>
              {gaps.length > 0 && (
                <li className="legend-item">
                  <span className="gap-swatch" aria-hidden="true" />
                  No data: a source was failing
                </li>
              )}
            </ul>
          )}
        </div>
        {hasData ? (
          <>
            <SeriesChart
              series={seriesKey.total}
              overlays={split === 'none' ? sourceKeys.filter(() => sourceKeys.length > 1) : []}
              gaps={gaps}
              label={`Line chart of posts per minute over the last ${range}, with the expected band. ${sentence}${gapsSentence(gaps)}`}
            />
            <GapNotes gaps={gaps} />
          </>
        ) : (
          <div className="empty-state" data-testid="volume-empty">
            <p className="empty-title">{status === 'loading' ? 'Loading volume…' : 'Waiting for the first posts…'}</p>
            <p>The chart draws itself as soon as a source delivers posts. Check the Sources view if this takes more than a minute.</p>
          </div>
        )}
        {hasData && (
          <details className="numbers">
            <summary>Numbers for the last {TABLE_MINUTES} minutes</summary>
            <table className="table table-compact" data-testid="volume-table">
              <caption className="visually-hidden">Posts per minute, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Minute</th>
                  {seriesKeys.map((key) => (
                    <th scope="col" key={key} className="num">
                      {seriesLabel(key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tableRows.map((row) => {
                  const missing = missingAt.get(row.minute);
                  return (
                    <tr key={row.minute} className={missing ? 'row-gap' : undefined} data-gap={missing?.join(' ')}>
                      <th scope="row">
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => void openBucket(seriesKey.total, row.minute)}
                          aria-label={`Posts of the minute from ${formatClock(row.time)}`}
                        >
                          {formatClock(row.time)}
                        </button>
                        {row.minute === summary?.currentMinute && <span className="muted"> (so far)</span>}
                        {missing && <span className="gap-tag"> no data from {missing.join(', ')}</span>}
                      </th>
                      {seriesKeys.map((key) => (
                        <td key={key} className={missing?.some((name) => seriesKey.source(name) === key) ? 'num cell-gap' : 'num'}>
                          {formatCount(row.values[key] ?? 0)}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        )}
      </section>

      {hasData && (splitKeys.length > 0 || hasDrill) && (
        <section className="panel" aria-labelledby="split-title">
          <div className="panel-head">
            <h2 id="split-title">{split === 'term' ? 'Watched terms' : split === 'source' ? 'By source' : 'Fire drill'}</h2>
            {split === 'term' && watchedTerms.length === 0 && (
              <span className="panel-note">No watched terms yet: add them in Settings.</span>
            )}
          </div>
          <div className="chart-grid">
            {[...splitKeys, ...(hasDrill ? [seriesKey.drill] : [])].map((key) => (
              <div key={key} className={`mini-chart${key === seriesKey.drill ? ' mini-chart-drill' : ''}`}>
                <h3 className="mini-title">
                  {seriesLabel(key)}
                  {key === seriesKey.drill && <span className="tag tag-drill"> DRILL — synthetic, not real posts</span>}
                </h3>
                <SeriesChart
                  series={key}
                  overlays={[]}
                  gaps={gapsBySeries.get(key) ?? NO_GAPS}
                  label={`Posts per minute for ${seriesLabel(key)} over the last ${range}.`}
                  height={180}
                />
              </div>
            ))}
          </div>
        </section>
      )}

      <BucketPostsDialog />

      <section className="panel" aria-labelledby="recent-title">
        <div className="panel-head">
          <h2 id="recent-title">Recent posts</h2>
          <span className="panel-note">refreshed every {POSTS_REFRESH_MS / 1000} s</span>
        </div>
        {postsError && <p className="notice notice-error">Could not load recent posts: {postsError}</p>}
        <RecentPosts posts={posts} now={now} />
      </section>
    </div>
  );
}
