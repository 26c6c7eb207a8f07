//! The window's commands: each takes its arguments and the [`Desk`], calls one office
//! method, and returns a DTO or a [`CmdError`] (`{code, message}`).

use crate::desk::Desk;
use crate::dto::{CmdError, Dashboard, OfficeStatus, RequestRow, SessionUser};
use tauri::State;

type Reply<T> = Result<T, CmdError>;

/// Whether the data directory holds an office yet.
#[tauri::command]
pub async fn office_status(desk: State<'_, Desk>) -> Reply<OfficeStatus> {
    let office = desk.office().await?;
    Ok(OfficeStatus {
        initialised: office.has_users().await?,
        data_dir: office.data_dir().display().to_string(),
    })
}

/// Creates the office and its first supervisor in the empty data directory.
#[tauri::command]
pub async fn init_office(
    desk: State<'_, Desk>,
    admin: String,
    display_name: String,
    password: String,
) -> Reply<()> {
    let office = desk.office().await?;
    office
        .create_office(&admin, &display_name, &password)
        .await?;
    Ok(())
}

#[tauri::command]
pub async fn sign_in(desk: State<'_, Desk>, name: String, password: String) -> Reply<SessionUser> {
    desk.set_actor(None);
    let actor = desk.office().await?.sign_in(&name, &password).await?;
    let user = SessionUser::from(&actor);
    desk.set_actor(Some(actor));
    Ok(user)
}

#[tauri::command]
pub fn sign_out(desk: State<'_, Desk>) {
    desk.set_actor(None);
}

/// Who is signed in (the window asks after a reload).
#[tauri::command]
pub fn current_user(desk: State<'_, Desk>) -> Option<SessionUser> {
    desk.current().as_ref().map(SessionUser::from)
}

#[tauri::command]
pub async fn list_requests(desk: State<'_, Desk>) -> Reply<Dashboard> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let requests = office.requests(&actor).await?;
    let today = office.today();
    Ok(Dashboard {
        today: today.to_string(),
        requests: requests.iter().map(|r| RequestRow::new(r, today)).collect(),
    })
}

#[tauri::command]
pub async fn create_request(
    desk: State<'_, Desk>,
    reference: String,
    requester: String,
    received: String,
    description: String,
) -> Reply<RequestRow> {
    let actor = desk.actor()?;
    let office = desk.office().await?;
    let request = office
        .create_request(&actor, &reference, &requester, &received, &description)
        .await?;
    Ok(RequestRow::new(&request, office.today()))
}
