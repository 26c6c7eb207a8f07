//! The window's size: one that fits the screen it opens on (a 1,366×768 laptop included),
//! and the size the user last gave it, kept in the data folder (`window.json`; nothing is
//! written outside it).

use std::path::Path;

/// The size the window opens at when the user has not chosen one (logical pixels).
pub const DEFAULT: (f64, f64) = (1200.0, 800.0);
/// Below this the screens stop making sense; a smaller screen gets all of itself.
const SMALLEST: (f64, f64) = (900.0, 600.0);
/// Room left for the desktop's panels and the window's title bar.
const MARGIN: (f64, f64) = (0.0, 72.0);

const FILE: &str = "window.json";

/// The size to open at: the saved one (else the default), no larger than the screen's
/// work area, no smaller than [`SMALLEST`] unless the screen is.
pub fn fit(saved: Option<(f64, f64)>, screen: (f64, f64)) -> (f64, f64) {
    let (w, h) = saved.unwrap_or(DEFAULT);
    let room = (
        (screen.0 - MARGIN.0).max(1.0),
        (screen.1 - MARGIN.1).max(1.0),
    );
    (
        w.max(SMALLEST.0).min(room.0).round(),
        h.max(SMALLEST.1).min(room.1).round(),
    )
}

/// The size the user last left the window at, if the data folder holds one.
pub fn saved(data_dir: &Path) -> Option<(f64, f64)> {
    let text = std::fs::read_to_string(data_dir.join(FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let (w, h) = (v.get("width")?.as_f64()?, v.get("height")?.as_f64()?);
    (w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0).then_some((w, h))
}

/// Keeps the window's size for next time (only in an existing data folder).
pub fn save(data_dir: &Path, size: (f64, f64)) -> std::io::Result<()> {
    if !data_dir.is_dir() {
        return Ok(());
    }
    let tmp = data_dir.join(format!("{FILE}.tmp"));
    std::fs::write(
        &tmp,
        serde_json::json!({"width": size.0.round(), "height": size.1.round()}).to_string(),
    )?;
    std::fs::rename(tmp, data_dir.join(FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fits_the_screen_it_opens_on() {
        // A 1,366×768 laptop: the default 1,200×800 would reach below the screen.
        assert_eq!(fit(None, (1366.0, 768.0)), (1200.0, 696.0));
        assert_eq!(fit(None, (1920.0, 1080.0)), (1200.0, 800.0));
        // The user's size, within the screen.
        assert_eq!(
            fit(Some((1600.0, 1000.0)), (1920.0, 1080.0)),
            (1600.0, 1000.0)
        );
        assert_eq!(
            fit(Some((3000.0, 2000.0)), (1920.0, 1080.0)),
            (1920.0, 1008.0)
        );
        // Never absurdly small, unless the screen is.
        assert_eq!(fit(Some((200.0, 100.0)), (1920.0, 1080.0)), (900.0, 600.0));
        assert_eq!(fit(None, (800.0, 600.0)), (800.0, 528.0));
    }

    #[test]
    fn the_size_is_kept_in_the_data_folder_and_bad_files_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(saved(dir.path()), None);
        save(dir.path(), (1300.4, 700.6)).unwrap();
        assert_eq!(saved(dir.path()), Some((1300.0, 701.0)));
        std::fs::write(dir.path().join(FILE), "{\"width\": \"wide\"}").unwrap();
        assert_eq!(saved(dir.path()), None);
        std::fs::write(dir.path().join(FILE), "not json").unwrap();
        assert_eq!(saved(dir.path()), None);
        // No data folder yet (a first run): nothing is written anywhere.
        let missing = dir.path().join("not-yet");
        save(&missing, (1000.0, 700.0)).unwrap();
        assert!(!missing.exists());
    }
}
