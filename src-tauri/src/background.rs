//! Long work (import, export) on its own thread at a lower CPU priority, so that the window
//! keeps drawing while every core extracts, renders and verifies.
//!
//! On a two-core workstation an export's render workers, `pdftoppm` and `pdftotext` took every
//! cycle and the web view went 600 ms without a frame (measured by the end-to-end test). On
//! Linux a thread's nice value is its own and is inherited by the threads and processes it
//! starts, so the work runs on a fresh thread at nice 10 with its own Tokio runtime: the office's
//! worker threads and the tools it spawns are all below the window's priority.

use std::future::Future;

/// Nice value of background work: below the window (0), above idle (19).
#[cfg(unix)]
const NICE: i32 = 10;

/// Runs `work` to completion on a new low-priority thread and returns its result.
pub async fn run<F, Fut, T>(work: F) -> Result<T, String>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T>,
    T: Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("disclose-background".into())
        .spawn(move || {
            // Best effort: without it the work still runs, at normal priority. Elsewhere
            // (Windows) a thread's priority does not pass to the processes it starts: not done.
            #[cfg(unix)]
            let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), NICE);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let result = runtime.map(|rt| rt.block_on(work()));
            let _ = tx.send(result.map_err(|e| format!("cannot start background work: {e}")));
        })
        .map_err(|e| format!("cannot start background work: {e}"))?;
    rx.await
        .map_err(|_| "background work stopped unexpectedly".to_string())?
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[tokio::test]
    async fn work_runs_at_a_lower_priority_and_returns_its_result() {
        let (nice, answer) = super::run(|| async {
            let nice = rustix::process::getpriority_process(Some(rustix::thread::gettid()));
            (nice.ok(), 6 * 7)
        })
        .await
        .unwrap();
        assert_eq!(answer, 42);
        assert_eq!(nice, Some(super::NICE));
    }
}
