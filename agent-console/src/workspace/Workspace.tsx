import { Shell } from '../layout/Shell';

/** The agent's workspace: conversation list, conversation view and customer panel (being built). */
export function Workspace() {
  return (
    <Shell>
      <main className="workspace" />
    </Shell>
  );
}
