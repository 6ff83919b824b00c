/**
 * Small guards shared by the HN, RSS and Statuspage connectors, on top of http.ts
 * (classifyResponse, parseJson) which owns status-code and error-body wording.
 */
import { SourceError, type HttpResponse } from './types.js';

/** For bodies that arrive with a 200 but are not what we asked for (block pages, portals). */
export function looksLikeHtmlText(body: string): boolean {
  return /^\s*(?:<!doctype html|<html|<head|<body)/i.test(body.slice(0, 512));
}

/** Belt and braces for the HTTP client's cap: an adapter never parses more than this. */
export function assertBodySize(res: HttpResponse, maxChars: number, service: string): void {
  if (res.body.length > maxChars) {
    throw new SourceError('too_large', `${service} sent a response over ${Math.round(maxChars / 1_048_576)} MB; refused`);
  }
}
