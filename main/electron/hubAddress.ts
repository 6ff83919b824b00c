/**
 * What a person types into "Connect to a team hub": the hub's address and an invite link
 * (or its bare token). Parsed here, in plain words when it is not usable, before anything
 * goes on the network.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface HubAddress {
  /** http(s)://host[:port], the form shown to the person and kept on disk. */
  origin: string;
  /** ws(s)://host[:port]/api/ws, where the hub's contract answers. */
  socketUrl: string;
}

const EXAMPLE = 'for example https://hub.example.com';
const INVITE_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const INVITE_IN_LINK = /^#\/?invite\/([A-Za-z0-9_-]{16,128})$/;

export function parseHubAddress(raw: string): Parsed<HubAddress> {
  const typed = raw.trim();
  if (!typed) return { ok: false, message: `Enter the hub's address, ${EXAMPLE}.` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `“${typed.slice(0, 80)}” is not a web address. Enter the hub's address, ${EXAMPLE}.` };
  }
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  if (!secure && url.protocol !== 'http:' && url.protocol !== 'ws:')
    return { ok: false, message: `The hub's address must start with https:// (or http:// on a network you trust), ${EXAMPLE}.` };
  if (url.username || url.password)
    return { ok: false, message: 'Leave the user name and password out of the address; enter them in the fields below.' };
  // An invite link pasted as the address is fine: only its origin is the hub.
  if ((url.pathname !== '/' && url.pathname !== '/api/ws') || url.search)
    return { ok: false, message: `Enter only the hub's address, without a path or ?…, ${EXAMPLE}.` };
  const origin = `${secure ? 'https:' : 'http:'}//${url.host}`;
  return { ok: true, value: { origin, socketUrl: `${secure ? 'wss:' : 'ws:'}//${url.host}/api/ws` } };
}

/** An invite link (`https://hub/#/invite/<token>`) or its bare token; a link also names its hub. */
export function parseInvite(raw: string): Parsed<{ token: string; origin: string | null }> {
  const typed = raw.trim();
  if (!typed) return { ok: false, message: 'Paste the invite link an admin sent you.' };
  if (INVITE_TOKEN.test(typed)) return { ok: true, value: { token: typed, origin: null } };
  let url: URL | null = null;
  try {
    url = new URL(typed);
  } catch {
    url = null;
  }
  const token = url ? INVITE_IN_LINK.exec(url.hash)?.[1] : undefined;
  if (!url || !token)
    return { ok: false, message: 'That is not an invite link: paste the whole link an admin sent you (it contains /#/invite/).' };
  const address = parseHubAddress(`${url.protocol}//${url.host}`);
  return { ok: true, value: { token, origin: address.ok ? address.value.origin : null } };
}

/** The hub to join: the typed address, else the one the invite link names; both must agree. */
export function joinTarget(url: string, invite: string): Parsed<{ address: HubAddress; token: string }> {
  const parsedInvite = parseInvite(invite);
  if (!parsedInvite.ok) return parsedInvite;
  const { token, origin } = parsedInvite.value;
  if (!url.trim() && !origin)
    return { ok: false, message: `Enter the hub's address too: a bare invite code does not say which hub it is for.` };
  const address = parseHubAddress(url.trim() ? url : (origin ?? ''));
  if (!address.ok) return address;
  if (origin && origin !== address.value.origin)
    return { ok: false, message: `That invite link is for ${origin}, not ${address.value.origin}: clear the address or fix it.` };
  return { ok: true, value: { address: address.value, token } };
}
