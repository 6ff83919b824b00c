import { useCallback } from 'react';
import { HealthBadge } from '../components/HealthBadge.js';
import { formatAgo, formatCount, formatDateTime, formatLag } from '../format.js';
import { useDesk } from '../store/react.js';
import { sourcesSelectors } from '../store/sources/selectors.js';
import { useNow, usePolling } from '../useNow.js';

const REFRESH_MS = 10_000;

export function SourcesView() {
  const sources = useDesk(sourcesSelectors.sorted);
  const status = useDesk((s) => s.sourcesStatus);
  const error = useDesk((s) => s.sourcesError);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const loadSources = useDesk((s) => s.loadSources);
  const now = useNow(1000);

  const refresh = useCallback(() => void loadSources(), [loadSources]);
  usePolling(refresh, REFRESH_MS, live);

  return (
    <div className="view view-sources">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          Sources
        </h1>
        <p className="view-sub">Where posts come from and whether each feed is healthy</p>
      </div>
      {error && (
        <p className="notice notice-error" role="alert">
          Could not load sources: {error}
        </p>
      )}
      {sources.length === 0 ? (
        <div className="panel empty-state">
          <p className="empty-title">{status === 'loading' || status === 'idle' ? 'Loading sources…' : 'No sources configured.'}</p>
          {status === 'ready' && <p>Add sources to the hub's configuration file; the sources issue adds editing here.</p>}
        </div>
      ) : (
        <div className="panel panel-flush">
          <table className="table" data-testid="sources-table">
            <caption className="visually-hidden">Configured sources, the most troubled first</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Health</th>
                <th scope="col">Last success</th>
                <th scope="col" className="num">
                  Lag
                </th>
                <th scope="col" className="num">
                  Posts today
                </th>
                <th scope="col">Next poll</th>
                <th scope="col">Last problem</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <tr key={source.name}>
                  <th scope="row">
                    <span className="source-name">{source.name}</span>
                    {source.type !== source.name && <span className="source-type">{source.type}</span>}
                    {source.isDemo && <span className="tag tag-demo">demo data</span>}
                  </th>
                  <td>
                    <HealthBadge health={source.health} />
                  </td>
                  <td>
                    {source.lastSuccessAt === null ? (
                      <span className="muted">never</span>
                    ) : (
                      <time dateTime={new Date(source.lastSuccessAt).toISOString()} title={formatDateTime(source.lastSuccessAt)}>
                        {formatAgo(source.lastSuccessAt, now)}
                      </time>
                    )}
                  </td>
                  <td className="num">{formatLag(source.lagSeconds)}</td>
                  <td className="num">{formatCount(source.postsToday)}</td>
                  <td>
                    {source.health === 'paused' ? (
                      <span className="muted">paused</span>
                    ) : source.nextPollAt === null ? (
                      <span className="muted">—</span>
                    ) : source.nextPollAt <= now ? (
                      'now'
                    ) : (
                      `in ${Math.ceil((source.nextPollAt - now) / 1000)} s`
                    )}
                  </td>
                  <td className="problem">{source.lastError ?? <span className="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
