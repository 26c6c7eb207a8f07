// The exemption the clerk redacts under: recently used codes first.
import type { Exemption } from '../api';

const KEY = 'disclose:recent-exemptions';

export function recentCodes(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string').slice(0, 8) : [];
  } catch {
    return [];
  }
}

export function noteUsed(code: string) {
  const list = [code, ...recentCodes().filter((c) => c !== code)].slice(0, 8);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // A full or disabled storage only loses the ordering.
  }
}

/** Active exemptions, recently used first (in order of use), then the catalogue's order. */
export function ordered(all: readonly Exemption[], recent: readonly string[]): { recent: Exemption[]; rest: Exemption[] } {
  const active = all.filter((e) => e.active);
  const first = recent
    .map((c) => active.find((e) => e.code === c))
    .filter((e): e is Exemption => e !== undefined);
  return { recent: first, rest: active.filter((e) => !recent.includes(e.code)) };
}
