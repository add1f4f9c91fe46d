/** Admin pages (being built): inboxes, teams, agents, canned responses, labels, business hours. */
export function AdminPages() {
  return <main className="admin" />;
}
