import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../ui/Modal';
import { DeleteButton } from './DeleteButton';
import { Loaded } from './Loaded';
import { PageHeader } from './PageHeader';
import type { Editing } from './useSave';

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
  className?: string;
}

export interface ResourcePageProps<T extends { id: string }> {
  title: string;
  /** 2 for a second list below a page's own (default 1). */
  headingLevel?: 1 | 2;
  /** The "new …" button's words; without it there is no create button. */
  newLabel?: string;
  empty: string;
  query: UseQueryResult<T[]>;
  columns: Column<T>[];
  /** Narrows the rows (e.g. a search box's text) and what to show above the table for it. */
  filter?: { toolbar: ReactNode; keep: (item: T) => boolean };
  /** The editor dialog's title and form for an item (null: a new one); without it rows have no Edit. */
  editor?: { title: (item: T | null) => string; form: (item: T | null, close: () => void) => ReactNode };
  /** Rows can be deleted (after a confirmation): the DELETE path and the name to ask about. */
  deletion?: { path: (item: T) => string; name: (item: T) => string; invalidate: readonly string[] };
  rowActions?: (item: T) => ReactNode;
  headerActions?: ReactNode;
}

/** A list page: heading, a table of the items with Edit/Delete per row, and an editor dialog for new and existing ones. */
export function ResourcePage<T extends { id: string }>(props: ResourcePageProps<T>) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<Editing<T>>(null);
  const { editor, deletion } = props;
  const hasActions = Boolean(editor || deletion || props.rowActions);

  return (
    <section>
      <PageHeader title={props.title} level={props.headingLevel}>
        {props.headerActions}
        {props.newLabel && editor && (
          <button type="button" className="primary" onClick={() => setEditing({ item: null })}>
            {props.newLabel}
          </button>
        )}
      </PageHeader>
      {props.filter?.toolbar}
      <Loaded query={props.query}>
        {(items) => {
          const rows = props.filter ? items.filter(props.filter.keep) : items;
          if (rows.length === 0) return <p className="admin-empty">{props.empty}</p>;
          return (
            <div className="admin-table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    {props.columns.map((column) => (
                      <th key={column.header} className={column.className}>
                        {column.header}
                      </th>
                    ))}
                    {hasActions && (
                      <th className="admin-actions-cell">
                        <span className="visually-hidden">{t('actions.label')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((item) => (
                    <tr key={item.id}>
                      {props.columns.map((column) => (
                        <td key={column.header} className={column.className}>
                          {column.cell(item)}
                        </td>
                      ))}
                      {hasActions && (
                        <td className="admin-actions-cell">
                          {props.rowActions?.(item)}
                          {editor && (
                            <button type="button" onClick={() => setEditing({ item })}>
                              {t('actions.edit')}
                            </button>
                          )}
                          {deletion && <DeleteButton path={deletion.path(item)} name={deletion.name(item)} invalidate={deletion.invalidate} />}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loaded>
      {editing && editor && (
        <Modal title={editor.title(editing.item)} onClose={() => setEditing(null)}>
          {editor.form(editing.item, () => setEditing(null))}
        </Modal>
      )}
    </section>
  );
}
