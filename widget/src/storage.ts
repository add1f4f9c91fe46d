/** Where the widget keeps what must survive a reload: the visitor token, unsent messages, the draft. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** A JSON value under one key; unreadable data counts as absent. */
export function storedJson<T>(store: KeyValueStore, key: string, fallback: T) {
  return {
    read(): T {
      try {
        const raw = store.get(key);
        return raw === null ? fallback : (JSON.parse(raw) as T);
      } catch {
        return fallback;
      }
    },
    write(value: T): void {
      store.set(key, JSON.stringify(value));
    },
    clear(): void {
      store.remove(key);
    },
  };
}
