// The user's recent questions, in localStorage keyed by the signed-in user's subject (so two people sharing
// a browser profile see their own). Kept in the browser rather than the graph: a question is not a change
// to any asset, and writing it server-side would add an audit event per question for no governance gain.
import { useCallback, useState } from 'react';
import { useAuth } from 'react-oidc-context';

export type ReplyLang = '' | 'zh' | 'en';
export interface HistoryEntry {
  q: string;
  /** The answer language asked for; '' = the question's own. */
  reply: ReplyLang;
  at: string;
}

export const HISTORY_MAX = 15;
const keyOf = (sub: string) => `plinth.dispatcher.history:${sub}`;

function read(sub: string): HistoryEntry[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(keyOf(sub)) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (e): e is HistoryEntry =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as HistoryEntry).q === 'string' &&
        (e as HistoryEntry).q !== '',
    );
  } catch {
    return [];
  }
}

export function useQuestionHistory() {
  const sub = useAuth().user?.profile.sub ?? 'anonymous';
  const [entries, setEntries] = useState<HistoryEntry[]>(() => read(sub));
  const record = useCallback(
    (q: string, reply: ReplyLang) => {
      // Read again: another tab of the same user may have asked meanwhile.
      const next = [
        { q, reply, at: new Date().toISOString() },
        ...read(sub).filter((e) => !(e.q === q && e.reply === reply)),
      ].slice(0, HISTORY_MAX);
      window.localStorage.setItem(keyOf(sub), JSON.stringify(next));
      setEntries(next);
    },
    [sub],
  );
  const clear = useCallback(() => {
    window.localStorage.removeItem(keyOf(sub));
    setEntries([]);
  }, [sub]);
  return { entries, record, clear };
}
