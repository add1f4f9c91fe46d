import type { ReactNode } from 'react';

export function PageHeader({ title, level = 1, children }: { title: string; level?: 1 | 2; children?: ReactNode }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <header className="admin-page-header">
      <Heading>{title}</Heading>
      {children && <div className="admin-page-actions">{children}</div>}
    </header>
  );
}
