//! `disclose-desktop`: a Tauri window over the office. Each command in [`commands`] calls one
//! office method and returns a DTO from [`dto`]; no SQL and no domain rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desk;
mod dto;

use desk::Desk;
use std::path::PathBuf;

/// `DISCLOSE_DATA_DIR` when set (as for the CLI), else the platform data directory.
fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("DISCLOSE_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join("disclose")),
    }
}

fn main() {
    let app = tauri::Builder::default()
        .manage(Desk::new(data_dir()))
        .invoke_handler(tauri::generate_handler![
            commands::office_status,
            commands::init_office,
            commands::sign_in,
            commands::sign_out,
            commands::current_user,
            commands::list_requests,
            commands::create_request,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("disclose-desktop: cannot start: {e}");
            std::process::exit(1)
        });
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            let desk = tauri::Manager::state::<Desk>(handle);
            tauri::async_runtime::block_on(desk.close());
        }
    });
}
