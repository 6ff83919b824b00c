/**
 * With no publishing account the hub refuses every post, drafts included: Campaigns and the
 * editor say so, and point at Settings → Publishing accounts (where admins add one), not at a
 * config file the admin no longer needs.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NoAccountsText } from '../../renderer/src/views/campaigns/NoAccountsNotice.js';

const markup = (admin: boolean, link: boolean) => renderToStaticMarkup(createElement(NoAccountsText, { admin, link }));
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('no publishing accounts yet', () => {
  it('tells an admin that even a draft needs one, and links to where they add it', () => {
    const html = markup(true, true);
    expect(text(html)).toBe(
      'No publishing accounts yet, and a post needs one, even as a draft. Add one in Settings → Publishing accounts.',
    );
    expect(html).toContain('<a href="#/settings">Settings → Publishing accounts</a>');
    expect(html).not.toContain('SURGE_CONFIG');
  });

  it('tells anyone else to ask an admin', () => {
    expect(text(markup(false, true))).toBe(
      'No publishing accounts yet, and a post needs one, even as a draft. Ask an admin to add one in Settings → Publishing accounts.',
    );
  });

  it('inside the editor names the place without a link that would close the post being written', () => {
    const html = markup(true, false);
    expect(html).not.toContain('<a ');
    expect(text(html)).toContain('Add one in Settings → Publishing accounts.');
  });
});
