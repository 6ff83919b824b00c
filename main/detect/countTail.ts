/**
 * Count-aware tail evidence. Social volume is overdispersed counts, so a Gaussian z-score
 * both over-pages quiet series (one post against an expected 0.1 is "10 sigma") and
 * under-reacts on loud ones. We use the negative-binomial deviance instead: the signed root
 * deviance is close to standard normal for any mean, so half the deviance is a usable
 * −ln(p) without summing a series, which keeps a bucket update to a handful of logs.
 */

/** Negative-binomial unit deviance of `y` against mean `m` with dispersion `phi` (var = m + phi·m²). */
export function nbDeviance(y: number, m: number, phi: number): number {
  if (m <= 0) return y > 0 ? Infinity : 0;
  const yLogTerm = y > 0 ? y * Math.log(y / m) : 0;
  if (phi < 1e-9) return 2 * (yLogTerm - (y - m));
  const r = 1 / phi;
  return 2 * (yLogTerm - (y + r) * Math.log((y + r) / (m + r)));
}

/**
 * Approximate −ln P(X ≥ y) under NB(m, phi), with a half-count continuity correction so
 * the smallest possible surplus (one post) is not mistaken for strong evidence. Zero when
 * `y` is not above the mean.
 */
export function upperTailNats(y: number, m: number, phi: number): number {
  const yc = y - 0.5;
  return yc > m ? nbDeviance(yc, m, phi) / 2 : 0;
}

/** Approximate −ln P(X ≤ y); zero when `y` is not below the mean. */
export function lowerTailNats(y: number, m: number, phi: number): number {
  const yc = y + 0.5;
  return yc < m ? nbDeviance(yc, m, phi) / 2 : 0;
}
