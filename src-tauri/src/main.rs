//! `disclose-desktop`: a Tauri window over the office. Each command in [`commands`] calls one
//! office method and returns the office's type or a DTO from [`dto`]; no SQL and no domain
//! rules live here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod background;
mod bindings;
mod commands;
mod desk;
mod dto;
mod window_size;

use desk::Desk;

/// Where the office is, as the CLI finds it (the office's one resolver over this process's
/// environment); an error is shown by the window's first command.
fn config() -> Result<office::Config, office::ApiError> {
    office::Config::resolve(None, dirs::data_dir(), &|k| std::env::var(k).ok())
}

/// Said, in one line, when there is no graphical session to open the window in.
#[cfg(target_os = "linux")]
const NO_DISPLAY: &str =
    "Disclose needs a graphical session; the `disclose` command line works without one";

fn main() {
    // Without a display GTK would panic inside Tauri with a backtrace; say why in one line.
    #[cfg(target_os = "linux")]
    if gtk::init().is_err() {
        eprintln!("disclose-desktop: {NO_DISPLAY}");
        std::process::exit(1);
    }
    let started = std::time::Instant::now();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Desk::new(config()))
        .setup(|app| {
            // A size that fits this screen, or the one the user last left the window at.
            if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                let saved = config().ok().and_then(|c| window_size::saved(&c.data_dir));
                if let Ok(Some(monitor)) = window.current_monitor() {
                    let scale = monitor.scale_factor();
                    let screen = monitor.size().to_logical::<f64>(scale);
                    let (w, h) = window_size::fit(saved, (screen.width, screen.height));
                    let _ = window.set_size(tauri::LogicalSize::new(w, h));
                    let _ = window.center();
                }
            }
            // Team mode: this desk's search index follows the other desks' changes.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    tokio::time::sleep(office::FOLLOW_EVERY).await;
                    let desk = tauri::Manager::state::<Desk>(&handle);
                    if let Some(office) = desk.open_office().await
                        && office.is_team()
                    {
                        let _ = office.follow_changes().await;
                    }
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            // The size the user left the window at, for next time.
            if let tauri::WindowEvent::CloseRequested { .. } = event
                && let (Ok(size), Ok(scale), Ok(c)) =
                    (window.inner_size(), window.scale_factor(), config())
            {
                let size = size.to_logical::<f64>(scale);
                let _ = window_size::save(&c.data_dir, (size.width, size.height));
            }
            // Files dropped on the window go to the import screen (when it is listening).
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let desk = tauri::Manager::state::<Desk>(window);
                let channel = desk.drops.lock().unwrap_or_else(|e| e.into_inner()).clone();
                if let Some(channel) = channel {
                    let paths = paths.iter().map(|p| p.display().to_string()).collect();
                    let _ = channel.send(paths);
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::office_status,
            commands::init_office,
            commands::join_team_office,
            commands::sign_in,
            commands::change_password,
            commands::sign_out,
            commands::current_user,
            commands::still_here,
            commands::list_requests,
            commands::create_request,
            commands::extend_request,
            commands::request_life,
            commands::change_request_state,
            commands::preview_letter,
            commands::issue_letter,
            commands::statistics,
            commands::check_import_path,
            commands::ingest,
            commands::cancel_ingest,
            commands::watch_drops,
            commands::choose_paths,
            commands::list_records,
            commands::review_record,
            commands::page_image,
            commands::exemptions,
            commands::exemptions_by_use,
            commands::redact_selection,
            commands::redact_text,
            commands::redact_area,
            commands::snap_area,
            commands::remove_redaction,
            commands::detect,
            commands::decide_proposals,
            commands::set_disposition,
            commands::decide_many,
            commands::search_ids,
            commands::compare_records,
            commands::batches,
            commands::make_batches,
            commands::assign_batch,
            commands::take_batch,
            commands::highlight_terms,
            commands::set_highlight_terms,
            commands::undo_bulk,
            commands::conversation,
            commands::withhold,
            commands::set_review_status,
            commands::set_note,
            commands::set_undecided,
            commands::search,
            commands::saved_searches,
            commands::save_search,
            commands::delete_saved_search,
            commands::term_report,
            commands::release_state,
            commands::check_release,
            commands::submit,
            commands::set_release_as_images,
            commands::approve,
            commands::reject,
            commands::export_release,
            commands::verify_export,
            commands::open_folder,
            commands::audit_log,
            commands::audit_verify,
            commands::settings,
            commands::update_settings,
            commands::backup,
            commands::users,
            commands::add_user,
            commands::reset_password,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("disclose-desktop: cannot start: {e}");
            std::process::exit(1)
        });
    app.run(move |handle, event| match event {
        // For the start-up figure in BENCHMARKS.md (the window's own mark follows).
        tauri::RunEvent::Ready if std::env::var_os("DISCLOSE_TIMINGS").is_some() => {
            eprintln!("disclose-desktop: ready after {:?}", started.elapsed());
        }
        tauri::RunEvent::Exit => {
            let desk = tauri::Manager::state::<Desk>(handle);
            tauri::async_runtime::block_on(desk.close());
        }
        _ => {}
    });
}
