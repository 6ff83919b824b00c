/**
 * Why a live stream dropped, in the few words the Sources view shows after "reconnecting —".
 * Shared by the Jetstream and Mastodon streams so both read the same.
 */

/** `connection refused` rather than `connect ECONNREFUSED 127.0.0.1:443`, where we know the code. */
export function connectionFailure(err: Error): string {
  const code = 'code' in err ? String(err.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'server address not found';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  return err.message.slice(0, 200) || 'connection failed';
}

/** The server's own close reason when it gave one; 1006 is a cut without a close frame. */
export function closeReason(code: number, why: Buffer): string {
  const said = why.toString('utf8').trim().slice(0, 200);
  if (said) return said;
  if (code === 1006) return 'connection lost';
  return `the server closed the connection (code ${code})`;
}
