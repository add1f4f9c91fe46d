import type { Redis } from 'ioredis';
import { WHOLE_AGENT, type ChannelWeight } from '../../domain/routing/channel-weight.js';
import type { AgentCandidate } from '../../domain/routing/choose-agent.js';
import type { PresenceStatus } from '../../contracts/enums.js';

export type { PresenceStatus };

export interface AgentProfile {
  agentId: string;
  capacity: number;
  skills: string[];
  /** Routing keys of the agent's teams (see routingKeyOf). */
  routingKeys: string[];
}

export interface AgentState extends AgentCandidate {
  status: PresenceStatus;
  routingKeys: string[];
  heartbeatAt: number;
}

/**
 * Lua pieces shared by RESERVE and RESERVE_AND_CLAIM. With KEYS[1] the agent hash and
 * KEYS[2] the agent's items hash (conversationId -> weight):
 * fits(weight) -> the weight to take ("whole-agent" is the full capacity) or nil when it does not fit;
 * hold(conversationId, weight, now) records it on the agent.
 */
const AGENT_LOAD_FUNCTIONS = `
local function fits(weightArg)
  local capacity = tonumber(redis.call('HGET', KEYS[1], 'capacity') or '0')
  local load = tonumber(redis.call('HGET', KEYS[1], 'load') or '0')
  if weightArg == 'whole-agent' then
    if load > 0 or capacity <= 0 then return nil end
    return capacity
  end
  local weight = tonumber(weightArg)
  if load + weight > capacity then return nil end
  return weight
end
local function hold(conversationId, weight, now)
  redis.call('HSET', KEYS[2], conversationId, weight)
  redis.call('HINCRBY', KEYS[1], 'load', weight)
  redis.call('HSET', KEYS[1], 'lastAssignedAt', now)
  redis.call('HDEL', KEYS[1], 'idleSince')
end
`;

/**
 * Reserves one item's weight on an agent, atomically, so no two processes can push
 * an agent past capacity.
 * KEYS[1] agent hash, KEYS[2] agent items hash
 * ARGV[1] conversationId, ARGV[2] weight or "whole-agent", ARGV[3] now (ms), ARGV[4] "1" to require ONLINE
 * Returns 1 reserved, 2 already held by this agent, 0 refused (not online, or it does not fit).
 */
const RESERVE = `${AGENT_LOAD_FUNCTIONS}
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 2 end
if ARGV[4] == '1' and redis.call('HGET', KEYS[1], 'status') ~= 'ONLINE' then return 0 end
local weight = fits(ARGV[2])
if not weight then return 0 end
hold(ARGV[1], weight, ARGV[3])
return 1
`;

/**
 * The router's one step per match: if the job still waits and the ONLINE agent has room,
 * take the job out of its queue and hold the item on the agent, both or neither.
 * KEYS[1] agent hash, KEYS[2] agent items hash, KEYS[3] queue's prioritized set,
 * KEYS[4] job hash, KEYS[5] job log list; ARGV[1] conversationId (= job id), ARGV[2] weight, ARGV[3] now
 * Returns 1 matched, 0 agent full or not online, -1 job no longer waiting.
 */
export const RESERVE_AND_CLAIM = `${AGENT_LOAD_FUNCTIONS}
if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return -1 end
if redis.call('HGET', KEYS[1], 'status') ~= 'ONLINE' then return 0 end
local weight = fits(ARGV[2])
if not weight then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4], KEYS[5])
hold(ARGV[1], weight, ARGV[3])
return 1
`;

/**
 * Gives an item's weight back; a second release of the same item is a no-op.
 * KEYS[1] agent hash, KEYS[2] agent items hash; ARGV[1] conversationId, ARGV[2] now (ms)
 * Returns the weight released (0 when the agent did not hold the item).
 */
const RELEASE = `
local weight = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if weight == 0 then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
local load = redis.call('HINCRBY', KEYS[1], 'load', -weight)
if load <= 0 then
  redis.call('HSET', KEYS[1], 'load', 0)
  redis.call('HSET', KEYS[1], 'idleSince', ARGV[2])
end
return weight
`;

/**
 * Changes the weight of an item the agent holds, keeping their load the sum of their items.
 * Never refused: the agent already holds the item, so a weight raised back (a customer who
 * returned) may leave the load above capacity by that raise; the agent then gets no new work
 * until it falls below. KEYS[1] agent hash, KEYS[2] agent items hash;
 * ARGV[1] conversationId, ARGV[2] new weight, ARGV[3] now (ms).
 * Returns the change in load, or false (nil) when the agent does not hold the item.
 */
const REWEIGH = `
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held then return false end
local delta = tonumber(ARGV[2]) - tonumber(held)
if delta == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local load = redis.call('HINCRBY', KEYS[1], 'load', delta)
if load <= 0 then
  redis.call('HSET', KEYS[1], 'load', 0)
  redis.call('HSET', KEYS[1], 'idleSince', ARGV[3])
end
return delta
`;

/** How long a "customer away" mark outlives its last change (a forgotten conversation's mark expires). */
const CUSTOMER_AWAY_TTL_SECONDS = 30 * 24 * 3600;

/** Agents' presence, capacity and current load, in Redis where every server process sees them. */
export class AgentPresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Sets an agent's presence. Coming from offline, their load is rebuilt from `heldItems`
   * (the database's view, which also corrects any drift); while they stay online or away,
   * Redis stays the truth, since a drain may have reserved work the database has not seen yet.
   */
  async setState(profile: AgentProfile, status: PresenceStatus, heldItems: () => Promise<Map<string, number>>, now: number) {
    const previous = await this.getState(profile.agentId);
    const transaction = this.redis.multi();
    const rebuild = !previous || previous.status === 'OFFLINE';
    if (rebuild) {
      const items = await heldItems();
      const load = [...items.values()].reduce((sum, weight) => sum + weight, 0);
      transaction.del(this.itemsKey(profile.agentId));
      if (items.size > 0) transaction.hset(this.itemsKey(profile.agentId), Object.fromEntries(items));
      transaction.hset(this.agentKey(profile.agentId), { load, lastAssignedAt: previous?.lastAssignedAt ?? 0 });
      if (load === 0) transaction.hset(this.agentKey(profile.agentId), 'idleSince', previous?.idleSince ?? now);
      else transaction.hdel(this.agentKey(profile.agentId), 'idleSince');
    }
    transaction.hset(this.agentKey(profile.agentId), {
      status,
      capacity: profile.capacity,
      skills: JSON.stringify(profile.skills),
      routingKeys: JSON.stringify(profile.routingKeys),
      heartbeatAt: now,
    });
    if (status === 'OFFLINE') transaction.zrem(this.heartbeatsKey(), profile.agentId);
    else transaction.zadd(this.heartbeatsKey(), now, profile.agentId);
    for (const key of previous?.routingKeys ?? []) transaction.srem(this.onlineKey(key), profile.agentId);
    for (const key of profile.routingKeys) {
      if (status === 'ONLINE') transaction.sadd(this.onlineKey(key), profile.agentId);
    }
    await transaction.exec();
  }

  async setOffline(agentId: string): Promise<void> {
    const previous = await this.getState(agentId);
    const transaction = this.redis.multi();
    transaction.hset(this.agentKey(agentId), 'status', 'OFFLINE');
    transaction.zrem(this.heartbeatsKey(), agentId);
    for (const key of previous?.routingKeys ?? []) transaction.srem(this.onlineKey(key), agentId);
    await transaction.exec();
  }

  /** Refreshes the heartbeat; false when the agent is not online or away (they must set presence again). */
  async heartbeat(agentId: string, now: number): Promise<boolean> {
    const updated = await this.redis.zadd(this.heartbeatsKey(), 'XX', 'CH', now, agentId);
    if (updated === 0 && (await this.redis.zscore(this.heartbeatsKey(), agentId)) === null) return false;
    await this.redis.hset(this.agentKey(agentId), 'heartbeatAt', now);
    return true;
  }

  /** Agents whose last heartbeat is older than `before`. */
  staleAgents(before: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.heartbeatsKey(), '-inf', `(${before}`);
  }

  async reserve(agentId: string, conversationId: string, weight: ChannelWeight, now: number, requireOnline = true) {
    const result = await this.redis.eval(
      RESERVE,
      2,
      this.agentKey(agentId),
      this.itemsKey(agentId),
      conversationId,
      weight === WHOLE_AGENT ? WHOLE_AGENT : String(weight),
      String(now),
      requireOnline ? '1' : '0',
    );
    return result === 1 ? 'reserved' : result === 2 ? 'already-held' : 'refused';
  }

  async release(agentId: string, conversationId: string, now: number): Promise<number> {
    return Number(await this.redis.eval(RELEASE, 2, this.agentKey(agentId), this.itemsKey(agentId), conversationId, String(now)));
  }

  /** The new weight of an item the agent holds: the change in their load, or null when they do not hold it. */
  async reweigh(agentId: string, conversationId: string, weight: number, now: number): Promise<number | null> {
    const delta = await this.redis.eval(REWEIGH, 2, this.agentKey(agentId), this.itemsKey(agentId), conversationId, String(weight), String(now));
    return delta === null ? null : Number(delta);
  }

  /** Marks a live item whose customer is not connected (it weighs like an e-mail meanwhile). */
  async setCustomerAway(conversationId: string, away: boolean): Promise<void> {
    if (away) await this.redis.set(this.customerAwayKey(conversationId), '1', 'EX', CUSTOMER_AWAY_TTL_SECONDS);
    else await this.redis.del(this.customerAwayKey(conversationId));
  }

  /** Which of these conversations' customers are away. */
  async customersAway(conversationIds: string[]): Promise<Set<string>> {
    if (conversationIds.length === 0) return new Set();
    const marks = await this.redis.mget(conversationIds.map((id) => this.customerAwayKey(id)));
    return new Set(conversationIds.filter((_id, index) => marks[index] !== null));
  }

  /** Conversation ids the agent holds (what going offline hands back). */
  async heldItems(agentId: string): Promise<string[]> {
    return this.redis.hkeys(this.itemsKey(agentId));
  }

  /** The agent's hash and items hash, for scripts that also touch other keys. */
  keysOf(agentId: string): [string, string] {
    return [this.agentKey(agentId), this.itemsKey(agentId)];
  }

  async getState(agentId: string): Promise<AgentState | null> {
    const fields = await this.redis.hgetall(this.agentKey(agentId));
    return parseState(agentId, fields);
  }

  /** Every ONLINE agent serving a routing key, with their load: the candidates for its queue. */
  async onlineAgents(routingKey: string): Promise<AgentState[]> {
    const agentIds = await this.redis.smembers(this.onlineKey(routingKey));
    if (agentIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const agentId of agentIds) pipeline.hgetall(this.agentKey(agentId));
    const results = (await pipeline.exec()) ?? [];
    return agentIds
      .map((agentId, index) => parseState(agentId, (results[index]?.[1] ?? {}) as Record<string, string>))
      .filter((state): state is AgentState => state?.status === 'ONLINE');
  }

  private agentKey(agentId: string) {
    return `${this.prefix}:routing:agent:${agentId}`;
  }

  private itemsKey(agentId: string) {
    return `${this.prefix}:routing:agent:${agentId}:items`;
  }

  private onlineKey(routingKey: string) {
    return `${this.prefix}:routing:online:${routingKey}`;
  }

  private customerAwayKey(conversationId: string) {
    return `${this.prefix}:routing:customer-away:${conversationId}`;
  }

  private heartbeatsKey() {
    return `${this.prefix}:routing:heartbeats`;
  }
}

function parseState(agentId: string, fields: Record<string, string>): AgentState | null {
  if (!fields.status) return null;
  return {
    agentId,
    status: fields.status as PresenceStatus,
    capacity: Number(fields.capacity ?? 0),
    load: Number(fields.load ?? 0),
    skills: JSON.parse(fields.skills ?? '[]') as string[],
    routingKeys: JSON.parse(fields.routingKeys ?? '[]') as string[],
    lastAssignedAt: Number(fields.lastAssignedAt ?? 0),
    idleSince: fields.idleSince ? Number(fields.idleSince) : undefined,
    heartbeatAt: Number(fields.heartbeatAt ?? 0),
  };
}
