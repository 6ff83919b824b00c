/** The campaigns domain of the contract (campaigns, scheduled posts, accounts), answered by the post service. */
import type { DomainHandlers } from '../../shared/contract/handlers.js';
import type { AccountRow } from '../store/publishing.js';
import type { AccountAdmin } from './accountAdmin.js';
import { accountView } from './accounts.js';
import type { PostService } from './posts.js';

export function campaignsHandlers(posts: PostService, accounts: () => AccountRow[], admin: AccountAdmin): DomainHandlers<'campaigns'> {
  return {
    'accounts.list': () => accounts().map(accountView),
    'accounts.configs': () => admin.configs(),
    'accounts.add': (input) => admin.add(input.config),
    'accounts.update': (input) => admin.update(input.name, input.config),
    'accounts.remove': (input) => admin.remove(input.name),
    'accounts.test': (input) => admin.test(input),
    'campaigns.list': () => posts.campaigns(),
    'campaigns.create': (input, ctx) => posts.createCampaign(input, ctx),
    'campaigns.update': (input) => posts.updateCampaign(input),
    'campaigns.setPaused': (input) => posts.setCampaignPaused(input.id, input.paused),
    'scheduled.list': (input) => posts.list(input),
    'scheduled.get': (input) => posts.load(input.id),
    'scheduled.create': (input, ctx) => posts.create(input, ctx),
    'scheduled.update': (input) => posts.update(input),
    'scheduled.submit': (input, ctx) => posts.submit(input.id, input.version, ctx),
    'scheduled.approve': (input, ctx) => posts.approve(input.id, input.version, ctx),
    'scheduled.reject': (input, ctx) => posts.reject(input.id, input.version, input.comment, ctx),
    'scheduled.cancel': (input, ctx) => posts.cancel(input.id, input.version, ctx),
    'scheduled.delete': (input) => posts.remove(input.id, input.version),
  };
}
