// INSECURE ON PURPOSE: every kept eslint-plugin-security rule must fire here (see README.md).
import { exec } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function handle(request, express, view) {
  // detect-child-process: a shell command built from the request.
  exec(`convert ${request.query.file} out.png`);
  // detect-eval-with-expression
  eval(request.body.script);
  // detect-non-literal-regexp
  const filter = new RegExp(request.query.pattern);
  // detect-unsafe-regex: nested quantifiers, exponential on "aaaa…!".
  const handle = /^(a+)+$/;
  // detect-non-literal-fs-filename: path traversal.
  const page = fs.readFileSync(request.query.path, 'utf8');
  // detect-non-literal-require
  const plugin = require(request.query.plugin);
  // detect-possible-timing-attacks
  if (request.headers.token === token) view.ok = true;
  // detect-new-buffer
  const scratch = new Buffer(request.query.size);
  // detect-pseudoRandomBytes
  const session = crypto.pseudoRandomBytes(16);
  // detect-buffer-noassert
  const first = scratch.readUInt8(0, true);
  // detect-disable-mustache-escape
  view.escapeMarkup = false;
  // detect-no-csrf-before-method-override
  express.csrf();
  express.methodOverride();
  // detect-bidi-characters: the check reads differently from how it runs (Trojan Source).
  const role = request.user.role;
  if (role !== 'user‮ ⁦// admin⁩ ⁦') view.admin = true;
  // detect-invisible-characters
  const greeting = 'helloㅤworld';
  return { filter, handle, page, plugin, session, first, greeting };
}

const token = process.env.TOKEN;
