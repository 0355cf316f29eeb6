// One abort listener per signal, however many calls share it: Promise.all over 500 calls
// with one signal would otherwise trip MaxListenersExceededWarning.
import type { AbortSignalLike } from "./types";

export class AbortWatch<C> {
  private readonly calls = new Map<AbortSignalLike, { calls: Set<C>; listener: () => void }>();

  /** Throws what a signal-like object's addEventListener throws; nothing is kept then. */
  add(signal: AbortSignalLike, call: C, onAbort: (call: C) => void): void {
    let entry = this.calls.get(signal);
    if (!entry) {
      const calls = new Set<C>();
      const listener = () => {
        this.calls.delete(signal);
        for (const c of calls) onAbort(c);
      };
      signal.addEventListener("abort", listener, { once: true });
      entry = { calls, listener };
      this.calls.set(signal, entry);
    }
    entry.calls.add(call);
  }

  remove(signal: AbortSignalLike, call: C): void {
    const entry = this.calls.get(signal);
    if (!entry || !entry.calls.delete(call) || entry.calls.size) return;
    this.calls.delete(signal);
    signal.removeEventListener("abort", entry.listener);
  }
}
