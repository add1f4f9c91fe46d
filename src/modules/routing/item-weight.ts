import { itemWeight, type Channel, type ChannelWeight } from '../../domain/routing/channel-weight.js';
import type { RoutingDependencies } from './routing.context.js';

/** A conversation's weight with its team's overrides, and an e-mail's while its live customer is away. */
export async function weightOf(
  { directory, presence }: Pick<RoutingDependencies, 'directory' | 'presence'>,
  conversation: { id: string; teamId: string | null },
  channel: Channel,
): Promise<ChannelWeight> {
  const team = conversation.teamId ? await directory.teamRoutingSettings(conversation.teamId) : null;
  const away = await presence.customersAway([conversation.id]);
  return itemWeight(channel, team?.channelWeights, away.has(conversation.id));
}
