// What the window calls each word of the closed sets the Rust model defines (bindings.ts has
// them as unions). Each map is a Record over its union: a word added in Rust fails `tsc`
// here until it has a label, so no list in the window can fall behind the model.
import type { DetectorKind, Disposition, RecordKind, ReviewStatus } from './bindings';

/** The detectors of personal information, in the order the review screen offers them. */
export const DETECTOR_LABELS: Record<DetectorKind, string> = {
  email: 'Email addresses',
  phone: 'Phone numbers',
  ssn: 'Social security numbers',
  card: 'Payment card numbers',
  dl: "Driver's licence numbers",
  dob: 'Dates of birth',
  address: 'Street addresses',
  ip: 'IP addresses',
  person: 'Names of people',
  iban: 'IBANs',
  'bank-account': 'Bank account and routing numbers',
  passport: 'Passport numbers',
  'medical-record': 'Medical record and case numbers',
  plate: 'Licence plates',
};

export const DETECTORS = Object.keys(DETECTOR_LABELS) as DetectorKind[];

/** Review statuses, in the order a record moves through them. */
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  unreviewed: 'unreviewed',
  'in-review': 'in-review',
  reviewed: 'reviewed',
  checked: 'checked',
};

export const REVIEW_STATUSES = Object.keys(REVIEW_STATUS_LABELS) as ReviewStatus[];

/** What each kind of record is, in words. */
export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  email: 'email message',
  mbox: 'mailbox (mbox)',
  msg: 'Outlook message',
  tnef: 'Outlook attachments (winmail.dat)',
  pst: 'Outlook mailbox (PST)',
  pdf: 'PDF',
  image: 'image (scanned page, photo)',
  docx: 'Word document',
  doc: 'Word 97–2003 document',
  pptx: 'PowerPoint presentation',
  ppt: 'PowerPoint 97–2003 presentation',
  odt: 'OpenDocument text',
  odp: 'OpenDocument presentation',
  spreadsheet: 'spreadsheet',
  csv: 'CSV table',
  html: 'web page',
  text: 'plain text',
  rtf: 'rich text (RTF)',
  archive: 'zip archive',
  unknown: 'unknown',
};

/** The kinds a search can ask for (`kind:`): every kind a record can be read as. */
export const SEARCHABLE_KINDS = (Object.keys(RECORD_KIND_LABELS) as RecordKind[]).filter((k) => k !== 'unknown');

/** The short mark of a disposition in the record list. */
export const DISPOSITION_MARKS: Record<Disposition, string> = {
  release: 'R',
  redact: 'RR',
  withhold: 'W',
  'not-responsive': 'NR',
  duplicate: 'D',
};
