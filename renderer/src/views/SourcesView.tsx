import { useCallback, useRef, useState } from 'react';
import type { SourceConfigView } from '../../../shared/contract/methods.js';
import type { SourceStatus } from '../../../shared/domain.js';
import { gapDuration, gapRange } from '../components/gapText.js';
import { HealthBadge } from '../components/HealthBadge.js';
import { HubAction } from '../components/HubSubmit.js';
import { backfillLine, streamLine } from '../components/streamText.js';
import { formatAgo, formatCount, formatDateTime, formatLag } from '../format.js';
import { useDesk } from '../store/react.js';
import { ONLY_ADMINS, sourcesAdminSelectors } from '../store/sourcesAdmin/selectors.js';
import { sourcesSelectors } from '../store/sources/selectors.js';
import { useNow, usePolling } from '../useNow.js';
import { DeleteSourceDialog } from './sources/DeleteSourceDialog.js';
import { SourceForm } from './sources/SourceForm.js';
import { OfflineNotice } from '../components/OfflineNotice.js';

const REFRESH_MS = 10_000;

/** The newest gap under the last problem: an open one while it lasts, then how long it was and why. */
function LastGap({ source, now }: { source: SourceStatus; now: number }) {
  const gap = source.recentGaps[source.recentGaps.length - 1];
  if (!gap) return null;
  const text =
    gap.end === null
      ? `No data ${gapRange(gap)} (${gapDuration(gap, now)} so far)`
      : `Last gap: ${gapRange(gap)}, ${gapDuration(gap, now)}, ${gap.reason}`;
  return (
    <span className="gap-last" data-testid="last-gap">
      {text}
    </span>
  );
}

/** The live stream's state under the source name; the stream never changes health, so it is its own line. */
function StreamState({ source }: { source: SourceStatus }) {
  const text = streamLine(source.stream);
  if (text === null || source.stream === null) return null;
  return (
    <span className={`stream-state stream-${source.stream.state}`} data-testid="stream-state">
      {text}
    </span>
  );
}

/** A new source paging back through its history, which would otherwise look idle between its pages. */
export function BackfillState({ backfill }: { backfill: SourceStatus['backfill'] }) {
  const text = backfillLine(backfill);
  if (text === null) return null;
  return (
    <span className="stream-state" data-testid="backfill-state">
      {text}
    </span>
  );
}

function RowActions({
  source,
  config,
  onDelete,
}: {
  source: SourceStatus;
  config: SourceConfigView | undefined;
  onDelete: (name: string) => void;
}) {
  const openEdit = useDesk((s) => s.openEditSource);
  const setPaused = useDesk((s) => s.setSourcePaused);
  const pending = useDesk((s) => s.sourcePending === source.name);
  const paused = source.health === 'paused';
  return (
    <div className="row-actions">
      {config?.origin === 'app' && (
        <button type="button" className="button button-small" onClick={() => openEdit(source.name)}>
          Edit<span className="visually-hidden"> {source.name}</span>
        </button>
      )}
      <HubAction className="button button-small" disabled={pending} onClick={() => void setPaused(source.name, !paused)}>
        {paused ? 'Resume' : 'Pause'}
        <span className="visually-hidden"> {source.name}</span>
      </HubAction>
      {config?.origin === 'app' && (
        <HubAction className="button button-small button-danger-quiet" onClick={() => onDelete(source.name)}>
          Delete<span className="visually-hidden"> {source.name}</span>
        </HubAction>
      )}
      {config?.origin === 'file' && <span className="muted origin-note">defined in the config file</span>}
    </div>
  );
}

export function SourcesView() {
  const sources = useDesk(sourcesSelectors.sorted);
  const status = useDesk((s) => s.sourcesStatus);
  const error = useDesk((s) => s.sourcesError);
  const live = useDesk((s) => s.connectionPhase === 'live');
  const loadSources = useDesk((s) => s.loadSources);
  const loadSourceConfigs = useDesk((s) => s.loadSourceConfigs);
  const role = useDesk((s) => s.systemInfo?.role ?? null);
  const canManage = useDesk(sourcesAdminSelectors.canManage);
  const configs = useDesk((s) => s.sourceConfigs);
  const configsStatus = useDesk((s) => s.sourceConfigsStatus);
  const configsError = useDesk((s) => s.sourceConfigsError);
  const form = useDesk((s) => s.sourceForm);
  const openAdd = useDesk((s) => s.openAddSource);
  const actionError = useDesk((s) => s.sourceActionError);
  const clearActionError = useDesk((s) => s.clearSourceActionError);
  const now = useNow(1000);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const fallbackFocus = useCallback(() => addButton.current ?? heading.current, []);

  const refresh = useCallback(() => {
    void loadSources();
    if (canManage) void loadSourceConfigs();
  }, [loadSources, loadSourceConfigs, canManage]);
  usePolling(refresh, REFRESH_MS, live);

  const showActions = canManage && configsStatus !== 'forbidden';
  const configFor = (name: string) => configs.find((config) => config.name === name);

  return (
    <div className="view view-sources">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1} ref={heading}>
          Sources
        </h1>
        <p className="view-sub">Where posts come from and whether each feed is healthy</p>
        {showActions && (
          <button
            ref={addButton}
            type="button"
            className="button button-primary view-action"
            onClick={() => {
              setNotice(null);
              clearActionError();
              openAdd();
            }}
          >
            Add source
          </button>
        )}
      </div>
      <OfflineNotice />
      {role !== null && !showActions && <p className="notice notice-info">{ONLY_ADMINS}</p>}
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      {notice && (
        <p className="notice notice-ok" aria-hidden="true">
          {notice}
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          Could not load sources: {error}
        </p>
      )}
      {configsStatus === 'error' && configsError && (
        <p className="notice notice-error" role="alert">
          Could not load source settings: {configsError}
        </p>
      )}
      {actionError && !deleting && (
        <p className="notice notice-error" role="alert">
          {actionError}
        </p>
      )}
      {sources.length === 0 ? (
        <div className="panel empty-state" data-testid="sources-empty">
          <p className="empty-title">{status === 'loading' || status === 'idle' ? 'Loading sources…' : 'No sources yet.'}</p>
          {status === 'ready' && (
            <p>
              {showActions
                ? 'Add one with “Add source”: Mastodon, Bluesky, Reddit, X, Hacker News, a feed, a status page or a webhook.'
                : 'An admin can add sources here.'}
            </p>
          )}
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
                {showActions && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => (
                <tr key={source.name} data-source={source.name}>
                  <th scope="row">
                    <span className="source-name">{source.name}</span>
                    {source.type !== source.name && <span className="source-type">{source.type}</span>}
                    {source.isDemo && <span className="tag tag-demo">demo data</span>}
                    <StreamState source={source} />
                    <BackfillState backfill={source.backfill} />
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
                  <td className="problem">
                    {source.lastError ?? <span className="muted">none</span>}
                    <LastGap source={source} now={now} />
                  </td>
                  {showActions && (
                    <td>
                      <RowActions
                        source={source}
                        config={configFor(source.name)}
                        onDelete={(name) => {
                          clearActionError();
                          setNotice(null);
                          setDeleting(name);
                        }}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form && <SourceForm form={form} now={now} onSaved={setNotice} fallbackFocus={fallbackFocus} />}
      {deleting && (
        <DeleteSourceDialog
          name={deleting}
          fallbackFocus={fallbackFocus}
          onDone={(message) => {
            setDeleting(null);
            if (message) setNotice(message);
            else clearActionError();
          }}
        />
      )}
    </div>
  );
}
