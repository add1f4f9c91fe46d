type Listener<Payload> = (payload: Payload) => void;

/** Typed listeners for the events a website subscribes to with ContactCenter.on(name, fn). */
export class Emitter<Events extends object> {
  private readonly listeners: { [Name in keyof Events]?: Set<Listener<Events[Name]>> } = {};

  on<Name extends keyof Events>(name: Name, listener: Listener<Events[Name]>): () => void {
    const set = (this.listeners[name] ??= new Set());
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    for (const listener of this.listeners[name] ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A website's listener must not break the chat.
        console.error(error);
      }
    }
  }
}
