//! Locked files opened with passwords a clerk was given (a requester or a department often
//! sends the password separately). The collected file stays as it came; what this gives back
//! is a readable copy (a decrypted PDF, the plain Office file inside an encrypted package)
//! that the pipeline keeps beside it and reads, renders and OCRs instead.
//!
//! The password goes to `qpdf` on its standard input, never on a command line; nothing here
//! writes it anywhere or puts it in a message.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::proc::{self, RunError};
use crate::{Failure, Kind, Options};

/// A locked file's readable copy.
pub struct Unlocked {
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Unlocked({} bytes)", self.bytes.len())
    }
}

/// Tries `opts.passwords` on a file that failed "encrypted (password required)". `Ok(None)`
/// when there are no passwords to try; a failure says why none opened it.
pub fn unlock(path: &Path, kind: Kind, opts: &Options) -> Result<Option<Unlocked>, Failure> {
    if opts.passwords.is_empty() {
        return Ok(None);
    }
    let opened = if kind == Kind::Pdf {
        unlock_pdf(path, opts)?
    } else {
        crate::guarded(|| unlock_office(path, opts)).map_err(|f| {
            if f.0.starts_with("internal error") {
                // The decrypter stumbled on this file's layout (seen on Word 97 files that
                // LibreOffice locked): say so plainly.
                Failure::new(
                    "encrypted (password required): this kind of lock cannot be opened here",
                )
            } else {
                f
            }
        })?
    };
    match opened {
        Some(bytes) => Ok(Some(Unlocked { bytes })),
        None => Err(Failure(match opts.passwords.len() {
            1 => "encrypted (password required): the password given does not open it".into(),
            n => format!("encrypted (password required): none of the {n} passwords given opens it"),
        })),
    }
}

fn unlock_pdf(path: &Path, opts: &Options) -> Result<Option<Vec<u8>>, Failure> {
    let deadline = Instant::now() + opts.timeout;
    for pw in opts.passwords.iter() {
        let mut cmd = Command::new("qpdf");
        cmd.arg("--password-file=-")
            .arg("--decrypt")
            .arg(path)
            .arg("-");
        let input = format!("{pw}\n");
        let o = match proc::run_with_input(cmd, Some(input.as_bytes()), deadline) {
            Ok(o) => o,
            Err(RunError::Missing) => {
                return Err(Failure::new(
                    "encrypted (password required): opening it needs qpdf (Debian package qpdf)",
                ));
            }
            Err(RunError::Timeout) => return Err(Failure::timeout(opts.timeout)),
            Err(RunError::Io(e)) => return Err(Failure(format!("cannot run qpdf ({e})"))),
        };
        // 0: done; 3: done with warnings (a damaged but readable file).
        if matches!(o.code, Some(0 | 3)) && o.stdout.starts_with(b"%PDF-") {
            return Ok(Some(o.stdout));
        }
        if !o.stderr.contains("invalid password") {
            return Err(Failure(format!(
                "encrypted, and damaged ({})",
                crate::one_line(o.stderr.trim_start_matches("qpdf: "), 120)
            )));
        }
    }
    Ok(None)
}

/// Office files: an encrypted OOXML package (Word, Excel, PowerPoint) or a Word 97 document
/// with RC4 CryptoAPI encryption. A wrong password gives bytes that are not the format (or
/// an error): the next one is tried.
fn unlock_office(path: &Path, opts: &Options) -> Result<Option<Vec<u8>>, Failure> {
    for pw in opts.passwords.iter() {
        match office_crypto::decrypt_from_file(path, pw) {
            Ok(bytes)
                if bytes.starts_with(b"PK") || bytes.starts_with(&crate::sniff::OLE_MAGIC) =>
            {
                return Ok(Some(bytes));
            }
            Ok(_) => {}
            Err(office_crypto::DecryptError::Unimplemented(what)) => {
                return Err(Failure(format!(
                    "encrypted (password required): this kind of lock cannot be opened here ({})",
                    crate::one_line(&what, 80)
                )));
            }
            Err(office_crypto::DecryptError::NotEncrypted) => return Ok(None),
            Err(_) => {}
        }
    }
    Ok(None)
}
