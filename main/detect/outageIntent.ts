/**
 * Outage intent in [0,1]: does this text complain that something is broken? It tells an
 * outage surge ("is it down?", "503", "no funciona") apart from a campaign or PR surge
 * ("new launch", "50% off"), which can be just as loud. A weighted lexicon, because the
 * signal is carried by a small set of stock phrases in every language, and a lexicon is
 * explainable, fast, and testable; phrases found are returned so the alert can show them.
 */
import { normalizeText } from './tokenize.js';

/** Weights are log-odds-like: one strong phrase ≈ 0.7 intent, two ≈ 0.9. */
const COMPLAINT: Record<string, number> = {
  // en
  'is down': 1.4, 'are down': 1.3, 'down again': 1.4, 'down for anyone': 1.6, 'down for everyone': 1.6, 'is it down': 1.6,
  'not working': 1.3, "isn't working": 1.3, "doesn't work": 1.1, "can't log in": 1.5, "can't login": 1.5, 'cannot log in': 1.5,
  "can't sign in": 1.4, "won't load": 1.3, 'not loading': 1.2, 'outage': 1.5, 'service unavailable': 1.6, 'bad gateway': 1.5,
  'internal server error': 1.5, 'anyone else': 0.6, 'is it just me': 1.0, 'error': 0.6, 'crashed': 0.9, 'crashing': 0.9,
  'keeps crashing': 1.2, 'broken': 0.7, 'offline': 0.8, 'timed out': 0.9, 'timeout': 0.8, 'down': 0.6, 'status page': 0.8,
  // es
  'no funciona': 1.4, 'no me funciona': 1.4, 'se cayo': 1.4, 'esta caido': 1.5, 'caido': 1.0, 'caida': 0.9, 'no carga': 1.2,
  'no puedo entrar': 1.3, 'no puedo iniciar sesion': 1.5, 'fallo': 0.8, 'falla': 0.8,
  // fr
  'ne marche pas': 1.4, 'ne marche plus': 1.4, 'ne fonctionne pas': 1.4, 'ne fonctionne plus': 1.4, 'en panne': 1.5, 'panne': 1.1,
  'impossible de me connecter': 1.5, 'hors service': 1.4, 'bug': 0.6, 'erreur': 0.6,
  // de
  'funktioniert nicht': 1.4, 'geht nicht': 1.2, 'geht nicht mehr': 1.4, 'storung': 1.4, 'ausfall': 1.4, 'fehler': 0.6,
  'kann mich nicht anmelden': 1.5, 'nicht erreichbar': 1.4,
  // pt
  'nao funciona': 1.4, 'nao esta funcionando': 1.4, 'fora do ar': 1.6, 'caiu': 1.1, 'nao consigo entrar': 1.4, 'nao carrega': 1.2,
  'instavel': 0.9, 'erro': 0.6,
  // ja (no word boundaries; matched as substrings)
  '落ちてる': 1.5, '落ちた': 1.2, '繋がらない': 1.4, 'つながらない': 1.4, '障害': 1.4, 'ログインできない': 1.6, '使えない': 1.1,
  '不具合': 1.2, 'エラー': 0.7, '重い': 0.6, 'サーバーダウン': 1.6,
};

/** Marketing and PR vocabulary: lowers intent when the surge is a campaign. */
const BUZZ: Record<string, number> = {
  'launch': 0.8, 'launches': 0.8, 'new': 0.3, 'announcing': 0.8, 'announces': 0.7, 'introducing': 0.8, 'sale': 0.8, '% off': 1.0,
  'discount': 0.8, 'giveaway': 1.0, 'promo': 0.8, 'coupon': 0.8, 'excited': 0.6, 'check out': 0.6, 'win': 0.4, 'deal': 0.5,
  'nuevo': 0.4, 'oferta': 0.8, 'descuento': 0.8, 'lanzamiento': 0.8, 'nouveau': 0.4, 'soldes': 0.8, 'neu': 0.4, 'angebot': 0.8,
  'rabatt': 0.8, 'novo': 0.4, 'promocao': 0.8, 'lancamento': 0.8, '新発売': 1.0, 'キャンペーン': 0.9, 'セール': 0.9, '発売': 0.7,
};

const ERROR_CODE = /(?<![\p{L}\p{N}])(?:http\s*)?(5\d\d|429|408|404|403)(?![\p{L}\p{N}])/gu;
const CODE_WEIGHT: Record<string, number> = { '500': 1.2, '502': 1.4, '503': 1.4, '504': 1.3, '429': 0.8, '408': 0.8, '404': 0.5, '403': 0.5 };

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lexiconRegex(words: Record<string, number>): RegExp {
  const keys = Object.keys(words).sort((a, b) => b.length - a.length);
  const latin = keys.filter((k) => /^[\x20-\x7e]+$/.test(k));
  const other = keys.filter((k) => !/^[\x20-\x7e]+$/.test(k));
  // Latin phrases need word edges ("down" must not match "download"); CJK ones cannot have them.
  const parts = [`(?<![\\p{L}\\p{N}])(?:${latin.map(escape).join('|')})(?![\\p{L}\\p{N}])`];
  if (other.length) parts.push(`(?:${other.map(escape).join('|')})`);
  return new RegExp(parts.join('|'), 'gu');
}

const COMPLAINT_RE = lexiconRegex(COMPLAINT);
const BUZZ_RE = lexiconRegex(BUZZ);

/** Accents folded on Latin letters only: NFD would also split Japanese kana (で → て + ゙). */
function foldLatin(text: string): string {
  return text.normalize('NFD').replace(/([a-z])\p{M}+/gu, '$1').normalize('NFC');
}

export interface OutageIntent {
  score: number;
  /** Complaint phrases and error codes found, for the alert's "why". */
  signals: string[];
}

export function outageIntent(text: string): OutageIntent {
  const plain = foldLatin(normalizeText(text));
  const signals: string[] = [];
  let evidence = 0;
  for (const m of plain.matchAll(COMPLAINT_RE)) {
    if (signals.includes(m[0])) continue;
    signals.push(m[0]);
    evidence += COMPLAINT[m[0]] ?? 0;
  }
  for (const m of plain.matchAll(ERROR_CODE)) {
    const code = m[1] ?? '';
    if (signals.includes(code)) continue;
    signals.push(code);
    evidence += CODE_WEIGHT[code] ?? 0;
  }
  if (evidence === 0) return { score: 0, signals };
  let buzz = 0;
  for (const m of plain.matchAll(BUZZ_RE)) buzz += BUZZ[m[0]] ?? 0;
  const score = (1 - Math.exp(-evidence)) * Math.exp(-0.8 * buzz);
  return { score: Math.round(score * 1000) / 1000, signals };
}

/** Intent of a group of posts (an alert's sample): the share-weighted mean, so one angry post in a campaign does not flip it. */
export function groupIntent(texts: readonly string[]): number {
  if (texts.length === 0) return 0;
  let sum = 0;
  for (const t of texts) sum += outageIntent(t).score;
  return sum / texts.length;
}
