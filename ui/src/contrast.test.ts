// The accessibility pass's contrast check: every text colour of the stylesheets against the
// background it is drawn on meets WCAG 2.1 AA (4.5:1 for body text).
/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Under happy-dom import.meta.url is not a file URL: the test file's own path is __filename's.
const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
const styles = readFileSync(join(here, 'styles.css'), 'utf8');

function variables(css: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of css.matchAll(/--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) {
    if (m[1] !== undefined && m[2] !== undefined) vars.set(m[1], m[2]);
  }
  return vars;
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const vars = variables(styles);
const v = (name: string) => {
  const c = vars.get(name);
  if (c === undefined) throw new Error(`no --${name} in styles.css`);
  return c;
};

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 0);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
  });

  // [text, background, what]
  const pairs: [string, string, string][] = [
    ['text', 'bg', 'body text on the page'],
    ['text', 'surface', 'text on cards and panes'],
    ['muted', 'surface', 'secondary text on cards'],
    ['muted', 'bg', 'secondary text on the page'],
    ['primary', 'surface', 'links and secondary buttons'],
    ['red', 'red-bg', 'errors and overdue'],
    ['amber', 'amber-bg', 'due soon'],
    ['green', 'green-bg', 'notices'],
  ];
  for (const [fg, bg, what] of pairs) {
    it(`${what} (--${fg} on --${bg}) is at least 4.5:1`, () => {
      expect(contrast(v(fg), v(bg))).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('white on the primary colour (buttons, the top bar) is at least 4.5:1', () => {
    expect(contrast('#ffffff', v('primary'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', v('primary-hover'))).toBeGreaterThanOrEqual(4.5);
  });

  it('redaction marks: white on the applied mark, text on the proposed one', () => {
    expect(contrast('#ffffff', '#1c2430')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(v('text'), '#fde68a')).toBeGreaterThanOrEqual(4.5);
  });
});

// Every button whose class unsets the button look (a list row, a link) must also say what it
// looks like on hover: the hover rule of all buttons (navy background) is more specific than
// `.x { all: unset }` and would paint dark text on navy.
describe('buttons dressed as text or rows', () => {
  const sheets = ['styles.css', 'review/review.css', 'search/search.css', 'batches/batches.css'].map((f) =>
    readFileSync(join(here, f), 'utf8'),
  );
  const all = sheets.join('\n').replace(/\/\*[\s\S]*?\*\//g, '');
  const unset = [...all.matchAll(/([^{}]+)\{[^}]*all:\s*unset[^}]*\}/g)].flatMap((m) =>
    (m[1] ?? '').split(',').map((s) => s.trim()),
  );
  it('finds them', () => {
    expect(unset).toEqual(expect.arrayContaining(['.record-item', 'button.link', 'button.open-request']));
  });
  for (const selector of unset) {
    it(`${selector} has its own hover look`, () => {
      const hover = [...all.matchAll(/([^{}]+)\{([^}]*)\}/g)].find((m) =>
        (m[1] ?? '').split(',').some((s) => s.trim() === `${selector}:hover:not(:disabled)`),
      );
      expect(hover, `${selector}:hover:not(:disabled)`).toBeDefined();
      expect(hover?.[2]).toMatch(/background:\s*(transparent|var\(--bg\)|#e8f0f8)/);
    });
  }
});
