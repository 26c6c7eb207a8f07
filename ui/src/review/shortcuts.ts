// The review screen's keyboard: one table, used by the handler and by the `?` sheet.

export type Command =
  | 'next'
  | 'next-undecided'
  | 'previous'
  | 'redact'
  | 'box-mode'
  | 'undo'
  | 'release'
  | 'redact-disposition'
  | 'withhold'
  | 'not-responsive'
  | 'accept'
  | 'reject'
  | 'next-proposal'
  | 'detect'
  | 'detect-all'
  | 'exemption'
  | 'apply-box'
  | 'help';

export const SHORTCUTS: readonly { keys: string[]; command: Command; what: string }[] = [
  { keys: ['j', 'n'], command: 'next', what: 'Next record' },
  { keys: ['N'], command: 'next-undecided', what: 'Next record without a disposition (skips what is decided)' },
  { keys: ['k', 'p'], command: 'previous', what: 'Previous record' },
  { keys: ['r'], command: 'redact', what: 'Redact the selected text under the chosen exemption' },
  { keys: ['b'], command: 'box-mode', what: 'Pages: switch between drawing boxes and selecting text' },
  { keys: ['u', 'Ctrl+Z'], command: 'undo', what: 'Undo your last redaction' },
  { keys: ['1'], command: 'release', what: 'Disposition: release in full' },
  { keys: ['2'], command: 'redact-disposition', what: 'Disposition: release with redactions' },
  { keys: ['3'], command: 'withhold', what: 'Disposition: withhold in full under the chosen exemption' },
  { keys: ['4'], command: 'not-responsive', what: 'Disposition: not responsive' },
  { keys: ['h'], command: 'next-proposal', what: 'Next proposal (detector hit)' },
  { keys: ['a'], command: 'accept', what: 'Accept the current proposal' },
  { keys: ['x'], command: 'reject', what: 'Reject the current proposal' },
  { keys: ['d'], command: 'detect', what: 'Find personal information in this record' },
  { keys: ['D'], command: 'detect-all', what: 'Find personal information in every record of the request' },
  { keys: ['e'], command: 'exemption', what: 'Choose the exemption' },
  { keys: ['Enter'], command: 'apply-box', what: 'Redact the box drawn on a page, as shown (Esc: drop it)' },
  { keys: ['?'], command: 'help', what: 'Show or hide this sheet' },
];

/** The command a key press asks for, if any. */
export function commandOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): Command | null {
  if (e.altKey) return null;
  if (e.ctrlKey || e.metaKey) return e.key.toLowerCase() === 'z' ? 'undo' : null;
  for (const s of SHORTCUTS) {
    if (s.keys.includes(e.key)) return s.command;
  }
  return null;
}

/** Whether a key press belongs to a field (typing there is not a shortcut). */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
