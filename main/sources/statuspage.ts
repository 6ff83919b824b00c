/**
 * Atlassian Statuspage public API (connectors.md §6): summary.json + incidents/unresolved.json.
 * These are incidents, not posts: they go out through PollResult.incidents so alerts can be
 * correlated with "the vendor says it is broken". Diffed by incident id + updated_at; the
 * cursor remembers what is open so a disappearing incident is reported as resolved.
 */
import { z } from 'zod';
import { SourceError, type PollContext, type PollResult, type SourceAdapter, readCursorWith } from './types.js';
import type { StatusIncident } from '../../shared/domain.js';
import { assertBodySize } from './feedHttp.js';
import { classifyResponse, looksLikeHtml, parseJson, parseShape } from './http.js';
import { htmlToText, safeUrl, truncate } from './html.js';
import { parseTimestamp } from './time.js';

export interface StatuspageOptions {
  name: string;
  /** The page's address, e.g. https://status.example.com (an /api/v2/... suffix is tolerated). */
  url: string;
}

const MAX_BODY_CHARS = 5 * 1_048_576;
const INCIDENT_STATUSES = new Set([
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
]);
const IMPACTS = new Set(['none', 'minor', 'major', 'critical', 'maintenance']);
const INDICATORS = new Set(['none', 'minor', 'major', 'critical', 'maintenance']);

/** The spec's rule for enums we do not know: treat them as "degraded" rather than failing. */
function known(value: string | null | undefined, allowed: ReadonlySet<string>): string {
  const v = (value ?? '').trim().toLowerCase();
  return allowed.has(v) ? v : 'degraded';
}

const str = z.string().nullish().catch(null);
const incidentSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: str,
  status: str,
  impact: str,
  shortlink: str,
  created_at: str,
  updated_at: str,
  started_at: str,
  resolved_at: str,
});
type RawIncident = z.infer<typeof incidentSchema>;

const summarySchema = z.object({
  page: z.object({ id: str, name: str, url: str }).nullish().catch(null),
  status: z.object({ indicator: str, description: str }).nullish().catch(null),
  incidents: z.array(z.unknown()).nullish().catch(null),
});
const unresolvedSchema = z.object({ incidents: z.array(z.unknown()) });

const storedIncident = z.object({
  source: z.string(),
  externalId: z.string(),
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  url: z.string().nullable(),
  startedAt: z.number(),
  updatedAt: z.number(),
  resolvedAt: z.number().nullable(),
});
const cursorSchema = z.object({ v: z.literal(1), open: z.array(storedIncident) });
type SpCursor = z.infer<typeof cursorSchema>;

const readCursor = (raw: string | null): SpCursor | null => readCursorWith(cursorSchema, raw);

/** Accepts "status.example.com", "https://status.example.com/" or a full .../api/v2/... URL. */
export function statuspageBase(url: string): string {
  const withScheme = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new SourceError('config', `"${truncate(url, 200)}" is not a valid status page address`);
  }
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored at the end of a URL path: one scan
  const path = u.pathname.replace(/\/api\/v2(?:\/.*)?$/, '').replace(/\/+$/, '');
  return `${u.origin}${path}`;
}

function toIncident(source: string, raw: RawIncident, pageUrl: string | null, now: number): StatusIncident {
  const started = parseTimestamp(raw.started_at) ?? parseTimestamp(raw.created_at) ?? now;
  const status = known(raw.status, INCIDENT_STATUSES);
  return {
    source,
    externalId: raw.id,
    name: truncate(htmlToText(raw.name ?? '') || 'Unnamed incident', 500),
    status,
    impact: known(raw.impact, IMPACTS),
    url: safeUrl(raw.shortlink) ?? (pageUrl ? safeUrl(`incidents/${encodeURIComponent(raw.id)}`, `${pageUrl}/`) : null),
    startedAt: started,
    updatedAt: parseTimestamp(raw.updated_at) ?? started,
    resolvedAt: parseTimestamp(raw.resolved_at) ?? (status === 'resolved' || status === 'postmortem' ? now : null),
  };
}

export function createStatuspageAdapter(options: StatuspageOptions): SourceAdapter {
  const base = statuspageBase(options.url);

  async function fetchJson(ctx: PollContext, path: string): Promise<unknown> {
    const res = await ctx.http.request(`${base}/api/v2/${path}`, { headers: { accept: 'application/json' } });
    if (res.status === 404) {
      // Statuspage's CDN answers unknown hosts and paths with an HTML 404: say what to fix.
      const page = looksLikeHtml(res) ? ' (the server answered with a web page)' : '';
      throw new SourceError(
        'not_found',
        `No Statuspage status API at ${base}${page}. Check the status page address; it should be the page's home, e.g. https://status.example.com`,
      );
    }
    classifyResponse(res, 'statuspage', ctx.now());
    assertBodySize(res, MAX_BODY_CHARS, 'The status page');
    return parseJson(res, 'statuspage');
  }

  async function poll(ctx: PollContext): Promise<PollResult> {
    const now = ctx.now();
    const cursor = readCursor(ctx.cursor);
    const summary = parseShape(summarySchema, await fetchJson(ctx, 'summary.json'), 'statuspage', 'the summary');
    const unresolved = parseShape(
      unresolvedSchema,
      await fetchJson(ctx, 'incidents/unresolved.json'),
      'statuspage',
      'the unresolved incidents',
    );
    const pageUrl = safeUrl(summary.page?.url) ?? base;

    const current = new Map<string, StatusIncident>();
    for (const raw of [...(summary.incidents ?? []), ...unresolved.incidents]) {
      const parsed = incidentSchema.safeParse(raw);
      if (!parsed.success) continue;
      const inc = toIncident(options.name, parsed.data, pageUrl, now);
      const prev = current.get(inc.externalId);
      if (!prev || inc.updatedAt >= prev.updatedAt) current.set(inc.externalId, inc);
    }

    // A degraded page with no incident still matters for correlation: it becomes a
    // synthetic incident keyed to the page, resolved when the indicator returns to none.
    const indicator = summary.status?.indicator == null ? 'none' : known(summary.status.indicator, INDICATORS);
    if (indicator !== 'none' && current.size === 0) {
      const pageId = `page-status:${summary.page?.id ?? base}`;
      const prevPage = cursor?.open.find((i) => i.externalId === pageId);
      current.set(pageId, {
        source: options.name,
        externalId: pageId,
        name: truncate(summary.status?.description?.trim() || 'Status page reports a problem', 500),
        status: indicator === 'maintenance' ? 'maintenance' : 'degraded',
        impact: indicator,
        url: pageUrl,
        startedAt: prevPage?.startedAt ?? now,
        updatedAt: prevPage && prevPage.impact === indicator ? prevPage.updatedAt : now,
        resolvedAt: null,
      });
    }

    const previous = new Map((cursor?.open ?? []).map((i) => [i.externalId, i] as const));
    const changed: StatusIncident[] = [];
    for (const inc of current.values()) {
      const prev = previous.get(inc.externalId);
      if (!prev || prev.updatedAt !== inc.updatedAt || prev.status !== inc.status || prev.impact !== inc.impact) changed.push(inc);
    }
    for (const prev of previous.values()) {
      // Gone from the unresolved list means resolved; the public API does not say when exactly.
      if (!current.has(prev.externalId)) changed.push({ ...prev, status: 'resolved', updatedAt: now, resolvedAt: now });
    }

    const open = [...current.values()].filter((i) => i.resolvedAt === null);
    const next: SpCursor = { v: 1, open };
    return { posts: [], incidents: changed, cursor: JSON.stringify(next) };
  }

  return { type: 'statuspage', name: options.name, poll };
}
