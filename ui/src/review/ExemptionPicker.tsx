import { forwardRef, useId, useMemo, useState } from 'react';
import type { Exemption } from '../api';

interface Props {
  exemptions: { recent: Exemption[]; rest: Exemption[] };
  value: string;
  onChange: (code: string) => void;
}

const describe = (e: Exemption) => `${e.code} — ${e.label}`;

/** Whether an exemption matches what was typed: its code's start, or words of its label or
 * description. */
export function matches(e: Exemption, typed: string): boolean {
  const q = typed.trim().toLowerCase();
  if (q === '') return true;
  return (
    e.code.toLowerCase().startsWith(q) ||
    e.label.toLowerCase().includes(q) ||
    e.description.toLowerCase().includes(q)
  );
}

/** The exemption to redact or withhold under: a combobox, recently used first, filtered as
 * the clerk types (a code's start, or any words of its label or description). */
export const ExemptionPicker = forwardRef<HTMLInputElement, Props>(function ExemptionPicker(
  { exemptions, value, onChange },
  ref,
) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [active, setActive] = useState(0);
  const list = useId();
  const options = useMemo(
    () => [...exemptions.recent, ...exemptions.rest].filter((e) => matches(e, typed)),
    [exemptions, typed],
  );
  const current = [...exemptions.recent, ...exemptions.rest].find((e) => e.code === value);
  const choose = (e: Exemption | undefined) => {
    if (e !== undefined) onChange(e.code);
    setOpen(false);
    setTyped('');
  };
  const recentCount = exemptions.recent.filter((e) => matches(e, typed)).length;

  return (
    <div className="exemption-picker">
      <label className="inline" htmlFor="exemption">
        Exemption
      </label>
      <input
        id="exemption"
        ref={ref}
        role="combobox"
        aria-expanded={open}
        aria-controls={list}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] !== undefined ? `${list}-${active}` : undefined}
        value={open ? typed : current === undefined ? '' : describe(current)}
        placeholder="Type a code or words"
        onFocus={() => {
          setOpen(true);
          setTyped('');
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          setTyped(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(options[active]);
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            setOpen(false);
            e.currentTarget.blur();
          }
        }}
      />
      {open && (
        <ul className="exemption-options" role="listbox" id={list} aria-label="Exemptions">
          {options.length === 0 && <li className="muted">No exemption matches.</li>}
          {options.map((e, i) => (
            <li
              key={e.code}
              id={`${list}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-code={e.code}
              // Before the input loses focus (which closes the list).
              onMouseDown={(ev) => {
                ev.preventDefault();
                choose(e);
              }}
            >
              <span className="code">{e.code}</span> {e.label}
              {i === 0 && recentCount > 0 && <span className="muted"> · recently used</span>}
              <span className="description muted">{e.description}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
