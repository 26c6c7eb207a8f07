import { useEffect, useState } from 'react';
import { api, toApiError } from '../api';
import type { About } from '../bindings';

/** One line under the sign-in and set-up forms: which Disclose this is. */
export function AboutLine({ about }: { about: About | undefined }) {
  if (about === undefined) return null;
  return (
    <p className="footnote about-line" id="about-line">
      Disclose {about.version} · office schema {about.schema}
    </p>
  );
}

/** Settings' About: this build, the office schema it writes, and an upgrade done on opening. */
export function AboutPanel() {
  const [about, setAbout] = useState<About | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .officeStatus()
      .then((s) => setAbout(s.about))
      .catch((e: unknown) => setError(toApiError(e).message));
  }, []);
  return (
    <section className="panel settings-about" aria-labelledby="settings-about-title">
      <h2 id="settings-about-title">About Disclose</h2>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {about !== null && (
        <dl className="about-facts">
          <dt>Version</dt>
          <dd id="about-version">{about.version}</dd>
          <dt>Office schema</dt>
          <dd id="about-schema">{about.schema}</dd>
        </dl>
      )}
      {about?.upgraded != null && <p className="notice">{about.upgraded}</p>}
      <p className="muted">
        An office written by an older Disclose is brought up to this schema when it is opened, after its database is
        copied aside; a newer Disclose&apos;s office is refused until this one is updated.
      </p>
    </section>
  );
}
