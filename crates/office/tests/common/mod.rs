//! What every office test shares: the password its users sign in with, and how a new user
//! comes to have it.

/// The password every test user chooses for themselves.
pub const PW: &str = "correct horse 1";

/// Adds a user with a first password from the supervisor `by`, and signs them in once to
/// choose their own (PW), as every new user must before anything else.
#[allow(dead_code)] // some test files only sign in their office's first supervisor
pub async fn new_user(
    office: &office::Office,
    by: &office::Actor,
    name: &str,
    role: office::Role,
    display_name: &str,
) -> office::Actor {
    const FIRST: &str = "first password 1";
    office
        .add_user(by, name, role, display_name, FIRST)
        .await
        .unwrap();
    let first = office.sign_in(name, FIRST).await.unwrap();
    office.change_password(&first, FIRST, PW).await.unwrap()
}
