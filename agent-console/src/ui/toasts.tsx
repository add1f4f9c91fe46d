import { create } from 'zustand';
import { errorMessage } from '../api/client';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** Clicking the toast (e.g. opens the conversation it is about). */
  onClick?: () => void;
}

interface ToastState {
  toasts: Toast[];
  show(toast: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const VISIBLE_MS = 6_000;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  show(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-4), { ...toast, id }] });
    setTimeout(() => get().dismiss(id), VISIBLE_MS);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));

/** For catch blocks of user actions: the failure is shown, never swallowed. */
export function showError(error: unknown): void {
  useToasts.getState().show({ kind: 'error', text: errorMessage(error) });
}

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <button
          key={toast.id}
          type="button"
          className={`toast toast-${toast.kind}`}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          onClick={() => {
            toast.onClick?.();
            dismiss(toast.id);
          }}
        >
          {toast.text}
        </button>
      ))}
    </div>
  );
}
