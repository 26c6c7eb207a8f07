// The conversation an email belongs to, as a tree: who wrote each message and when, which
// are inclusive (reading those reads everything), and a way to open any of them.
import { useEffect, useState, type JSX } from 'react';
import { api, type ConversationMember, toApiError } from '../api';
import { BulkDecision } from '../search/BulkDecision';
import { toMinute } from '../time';

interface Props {
  reference: string;
  /** The conversation's number (its first record's id). */
  thread: number;
  /** The record on screen. */
  currentId: number;
  onOpen: (id: number) => void;
  /** Review the conversation's messages (all, or the inclusive ones) in tree order. */
  onReview?: (ids: number[], label: string) => void;
  /** After a decision on the whole conversation. */
  onChanged?: () => void;
}

interface Node {
  member: ConversationMember;
  depth: number;
}

/** Members in reply order: each message under the one it answers, oldest first. */
export function treeOrder(members: ConversationMember[]): Node[] {
  const ids = new Set(members.map((m) => m.id));
  const children = new Map<number | null, ConversationMember[]>();
  for (const m of members) {
    const parent = m.parent !== null && ids.has(m.parent) && m.parent !== m.id ? m.parent : null;
    const list = children.get(parent) ?? [];
    list.push(m);
    children.set(parent, list);
  }
  const out: Node[] = [];
  const seen = new Set<number>();
  const visit = (parent: number | null, depth: number) => {
    for (const m of children.get(parent) ?? []) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push({ member: m, depth });
      visit(m.id, depth + 1);
    }
  };
  visit(null, 0);
  // A cycle of replies (damaged headers) leaves members unreached: list them at the top level.
  for (const m of members) if (!seen.has(m.id)) out.push({ member: m, depth: 0 });
  return out;
}

function when(date: string | null): string {
  return date === null ? '' : toMinute(date);
}

export function Conversation({ reference, thread, currentId, onOpen, onReview, onChanged }: Props): JSX.Element | null {
  const [members, setMembers] = useState<ConversationMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setMembers(null);
    setError(null);
    api.conversation(reference, thread).then(
      (m) => {
        if (current) setMembers(m);
      },
      (e: unknown) => {
        if (current) setError(toApiError(e).message);
      },
    );
    return () => {
      current = false;
    };
  }, [reference, thread]);

  if (error !== null) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (members === null || members.length < 2) return null;
  const inclusive = members.filter((m) => m.inclusive).length;
  const tree = treeOrder(members);
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <h4 id="conversation-title">
        Conversation {thread}: {members.length} messages, {inclusive} inclusive
      </h4>
      <ul className="conversation-tree">
        {tree.map(({ member: m, depth }) => (
          <li
            key={m.id}
            style={{ paddingLeft: `${Math.min(depth, 8) * 0.9}rem` }}
            aria-current={m.id === currentId ? 'true' : undefined}
            data-doc-id={m.id}
          >
            <button type="button" className="link" onClick={() => onOpen(m.id)} disabled={m.id === currentId}>
              #{m.id} {m.from ?? '(no sender)'}
            </button>{' '}
            <span className="muted">{when(m.date)}</span>{' '}
            {m.inclusive ? (
              <span className="inclusive" title="Inclusive: no later message holds all of it">
                ● inclusive
              </span>
            ) : (
              <span className="muted">{m.copy ? 'copy' : 'held by a later message'}</span>
            )}
            <div className="conversation-subject">{m.subject ?? ''}</div>
          </li>
        ))}
      </ul>
      {onReview !== undefined && (
        <div className="group-actions">
          <button
            type="button"
            className="small secondary"
            id="conversation-review"
            onClick={() => onReview(tree.map((n) => n.member.id), `Conversation ${thread}`)}
          >
            Review this conversation
          </button>
          <button
            type="button"
            className="small secondary"
            id="conversation-review-inclusive"
            disabled={inclusive === 0}
            onClick={() =>
              onReview(
                tree.filter((n) => n.member.inclusive).map((n) => n.member.id),
                `Conversation ${thread}, inclusive`,
              )
            }
          >
            Inclusive only
          </button>
        </div>
      )}
      <BulkDecision
        reference={reference}
        selection={{ kind: 'thread', value: { id: thread, inclusive_only: false } }}
        total={members.length}
        what="this conversation"
        openLabel={`Decide all ${members.length} messages…`}
        idPrefix="conversation-bulk"
        onChanged={() => onChanged?.()}
      />
    </section>
  );
}
