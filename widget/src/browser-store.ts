import type { KeyValueStore } from './storage.js';

/** The page's localStorage under one prefix per inbox; in memory when the browser refuses storage. */
export function browserStore(prefix: string): KeyValueStore {
  const memory = new Map<string, string>();
  const attempt = <T>(use: (storage: Storage) => T, fallback: () => T): T => {
    try {
      return use(window.localStorage);
    } catch {
      return fallback();
    }
  };
  return {
    get: (key) => attempt((storage) => storage.getItem(prefix + key), () => memory.get(key) ?? null),
    set: (key, value) => attempt((storage) => storage.setItem(prefix + key, value), () => void memory.set(key, value)),
    remove: (key) => attempt((storage) => storage.removeItem(prefix + key), () => void memory.delete(key)),
  };
}
