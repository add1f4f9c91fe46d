import { describe, expect, it } from 'vitest';
import { channelWeight, isLiveChannel, itemWeight, WHOLE_AGENT } from '../../src/domain/routing/channel-weight.js';
import { canTake, chooseAgent, type AgentCandidate } from '../../src/domain/routing/choose-agent.js';
import { estimateWaitSeconds } from '../../src/domain/routing/estimate-wait.js';
import { LOWEST_ROUTING_PRIORITY, routingPriority } from '../../src/domain/routing/priority.js';

const base = { customerPriority: 0, conversationPriority: 'NONE' as const };

describe('routingPriority', () => {
  it('serves a ringing call before a chat, and a chat before an e-mail', () => {
    const call = routingPriority({ ...base, channel: 'VOICE' });
    const chat = routingPriority({ ...base, channel: 'WEBCHAT' });
    const email = routingPriority({ ...base, channel: 'EMAIL' });
    expect(call).toBeLessThan(chat);
    expect(chat).toBeLessThan(email);
  });

  it('puts key customers, urgent conversations and near-breach SLAs first', () => {
    const plain = routingPriority({ ...base, channel: 'EMAIL' });
    expect(routingPriority({ ...base, channel: 'EMAIL', customerPriority: 5 })).toBeLessThan(plain);
    expect(routingPriority({ ...base, channel: 'EMAIL', conversationPriority: 'URGENT' })).toBeLessThan(plain);
    expect(routingPriority({ ...base, channel: 'EMAIL', slaSecondsLeft: 60 })).toBeLessThan(plain);
    expect(routingPriority({ ...base, channel: 'EMAIL', slaSecondsLeft: 3600 })).toBe(plain);
    expect(routingPriority({ ...base, channel: 'EMAIL', slaSecondsLeft: -10 })).toBeLessThan(
      routingPriority({ ...base, channel: 'EMAIL', slaSecondsLeft: 60 }),
    );
  });

  it('lets re-queued work go just ahead of new work of the same urgency, and no further', () => {
    const fresh = routingPriority({ ...base, channel: 'WEBCHAT' });
    const requeued = routingPriority({ ...base, channel: 'WEBCHAT', requeued: true });
    expect(requeued).toBe(fresh - 1);
    expect(requeued).toBeGreaterThan(routingPriority({ ...base, channel: 'WEBCHAT', customerPriority: 1 }));
  });

  it('stays within BullMQ priorities (1 .. 2^21) for the most and least urgent work', () => {
    const most = routingPriority({ channel: 'VOICE', customerPriority: 99, conversationPriority: 'URGENT', slaSecondsLeft: -1, requeued: true });
    const least = routingPriority({ ...base, channel: 'TICKET', customerPriority: -3 });
    expect(most).toBeGreaterThanOrEqual(1);
    expect(least).toBeLessThanOrEqual(LOWEST_ROUTING_PRIORITY);
  });
});

describe('channelWeight', () => {
  it('uses the defaults: a call takes the whole agent, a chat 2, an e-mail 1', () => {
    expect(channelWeight('VOICE')).toBe(WHOLE_AGENT);
    expect(channelWeight('WEBCHAT')).toBe(2);
    expect(channelWeight('EMAIL')).toBe(1);
  });

  it("takes a team's valid overrides and ignores nonsense", () => {
    expect(channelWeight('WEBCHAT', { WEBCHAT: 3 })).toBe(3);
    expect(channelWeight('EMAIL', { EMAIL: 'whole-agent' })).toBe(WHOLE_AGENT);
    expect(channelWeight('WEBCHAT', { WEBCHAT: -1 })).toBe(2);
    expect(channelWeight('WEBCHAT', { WEBCHAT: 1.5 })).toBe(2);
    expect(channelWeight('WEBCHAT', null)).toBe(2);
  });

  it('treats chats and calls as live', () => {
    expect(isLiveChannel('WEBCHAT')).toBe(true);
    expect(isLiveChannel('VOICE')).toBe(true);
    expect(isLiveChannel('EMAIL')).toBe(false);
  });
});

const agent = (agentId: string, over: Partial<AgentCandidate> = {}): AgentCandidate => ({
  agentId,
  capacity: 6,
  load: 0,
  skills: [],
  lastAssignedAt: 0,
  ...over,
});

describe('itemWeight', () => {
  it('weighs a chat whose customer is away like an e-mail, with the team overrides', () => {
    expect(itemWeight('WEBCHAT', {}, false)).toBe(2);
    expect(itemWeight('WEBCHAT', {}, true)).toBe(1);
    expect(itemWeight('WEBCHAT', { EMAIL: 3, WEBCHAT: 4 }, true)).toBe(3);
    expect(itemWeight('WEBCHAT', { EMAIL: 3, WEBCHAT: 4 }, false)).toBe(4);
  });

  it('leaves other channels alone', () => {
    expect(itemWeight('VOICE', {}, true)).toBe(WHOLE_AGENT);
    expect(itemWeight('EMAIL', { EMAIL: 2 }, true)).toBe(2);
  });
});

describe('canTake', () => {
  it('never lets an item push an agent past capacity', () => {
    expect(canTake(agent('a', { load: 4 }), 2, [])).toBe(true);
    expect(canTake(agent('a', { load: 5 }), 2, [])).toBe(false);
  });

  it('gives a call only to an agent with nothing else', () => {
    expect(canTake(agent('a'), WHOLE_AGENT, [])).toBe(true);
    expect(canTake(agent('a', { load: 1 }), WHOLE_AGENT, [])).toBe(false);
    expect(canTake(agent('a', { capacity: 0 }), WHOLE_AGENT, [])).toBe(false);
  });

  it('requires every skill', () => {
    expect(canTake(agent('a', { skills: ['billing', 'lang:zh'] }), 1, ['lang:zh'])).toBe(true);
    expect(canTake(agent('a', { skills: ['billing'] }), 1, ['billing', 'lang:zh'])).toBe(false);
  });
});

describe('chooseAgent', () => {
  it('least busy: the lowest share of capacity in use', () => {
    const candidates = [agent('a', { load: 3, capacity: 6 }), agent('b', { load: 4, capacity: 10 }), agent('c', { load: 2, capacity: 2 })];
    expect(chooseAgent({ candidates, policy: 'LEAST_BUSY', weight: 1, requiredSkills: [] })?.agentId).toBe('b');
  });

  it('round robin: whoever was assigned longest ago', () => {
    const candidates = [agent('a', { lastAssignedAt: 300 }), agent('b', { lastAssignedAt: 100, load: 4 }), agent('c', { lastAssignedAt: 200 })];
    expect(chooseAgent({ candidates, policy: 'ROUND_ROBIN', weight: 1, requiredSkills: [] })?.agentId).toBe('b');
  });

  it('longest idle: idle agents by how long, busy agents last', () => {
    const candidates = [agent('a', { idleSince: 500 }), agent('b', { load: 1 }), agent('c', { idleSince: 100 })];
    expect(chooseAgent({ candidates, policy: 'LONGEST_IDLE', weight: 1, requiredSkills: [] })?.agentId).toBe('c');
  });

  it('skips agents who cannot take the item, and answers undefined when nobody can', () => {
    const candidates = [agent('a', { load: 5 }), agent('b', { skills: ['lang:zh'], load: 2 })];
    expect(chooseAgent({ candidates, policy: 'LEAST_BUSY', weight: 2, requiredSkills: [] })?.agentId).toBe('b');
    expect(chooseAgent({ candidates, policy: 'LEAST_BUSY', weight: 2, requiredSkills: ['billing'] })).toBeUndefined();
  });

  it('breaks ties by agent id so every process picks the same agent', () => {
    const candidates = [agent('b'), agent('a')];
    expect(chooseAgent({ candidates, policy: 'LEAST_BUSY', weight: 1, requiredSkills: [] })?.agentId).toBe('a');
  });
});

describe('estimateWaitSeconds', () => {
  it('counts rounds of the parallel slots ahead', () => {
    expect(estimateWaitSeconds({ position: 1, averageHandleSeconds: 300, parallelSlots: 3 })).toBe(300);
    expect(estimateWaitSeconds({ position: 4, averageHandleSeconds: 300, parallelSlots: 3 })).toBe(600);
  });

  it('still estimates when nobody is online', () => {
    expect(estimateWaitSeconds({ position: 2, averageHandleSeconds: 120, parallelSlots: 0 })).toBe(240);
  });
});
