//! Grouping a request's records so that a small office can review tens of thousands of them:
//! email **conversations** ([`conversation`]): which messages belong together, what each
//! replies to, and which are *inclusive* (a reviewer who reads those has read everything).
//!
//! Pure functions over plain data: the office reads records from the store, calls these, and
//! writes the answers back. Nothing here touches a file or a database.

pub mod conversation;
pub mod diff;
pub mod near_dup;
mod text;

pub use conversation::{Message, Placed, converse, parse_ids};
pub use diff::{CharRun, WordDiff, word_diff};
pub use near_dup::{Doc, NearDup, near_duplicates};
