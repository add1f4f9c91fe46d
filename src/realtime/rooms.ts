/** Socket.IO room names, in one place so publishers and subscribers agree. */
export const rooms = {
  /** /agent: everyone looking at one conversation. */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** /agent: members of a team. */
  team: (teamId: string) => `team:${teamId}`,
  /** /agent: one agent's sockets (all tabs). */
  agent: (userId: string) => `agent:${userId}`,
  /** /agent: the sockets one login session opened (a tag, never the session id itself). */
  agentSession: (sessionTag: string) => `session:${sessionTag}`,
  /** /agent: supervisors and admins see everything. */
  supervisors: 'supervisors',
  /** /agent: every agent, for work of an inbox no team owns. */
  allAgents: 'agents',
  /** /widget: every tab of one customer. */
  customer: (customerId: string) => `customer:${customerId}`,
  /** /widget: every tab showing one inbox's widget (availability changes). */
  inboxVisitors: (inboxId: string) => `inbox-visitors:${inboxId}`,
};
