//! One test per problem the coverage-guided fuzzers found (`scripts/fuzz`; the inputs are in
//! tests/data/fuzz/). Each reads the input as ingest would and expects a one-line failure
//! (or a result), never a panic, a hang or a memory blow-up.

use std::path::{Path, PathBuf};
use std::process::Command;

use extract::{Kind, Options, extract_file};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(name)
}

/// Runs `test` (an ignored test of this file) in a child process limited to `mib` of address
/// space, so that a reader that would eat the machine's memory fails this test instead.
fn in_limited_memory(test: &str, mib: u64) {
    let me = std::env::current_exe().unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {}; exec \"$0\" --ignored --exact {test} --test-threads 1",
            mib * 1024
        ))
        .arg(&me)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{test} failed in {mib} MiB: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 passed"),
        "{test} did not run: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A 42 KB .xls whose directory's sector chain loops: calamine followed it until memory ran
/// out (over 4 GB). It is now a damaged spreadsheet, read in well under 1 GiB.
#[test]
fn a_spreadsheet_whose_sector_chain_loops_fails_in_bounded_memory() {
    in_limited_memory("spreadsheet_with_a_looping_chain", 1024);
}

#[test]
#[ignore = "run by a_spreadsheet_whose_sector_chain_loops_fails_in_bounded_memory, in a child with a memory limit"]
fn spreadsheet_with_a_looping_chain() {
    let p = data("sheet-xls-chain-loop.xls");
    let err = extract_file(&p, "f.xls", Kind::Spreadsheet, &Options::default())
        .expect_err("a damaged spreadsheet");
    assert!(err.to_string().starts_with("damaged spreadsheet"), "{err}");
    assert_eq!(err.to_string().lines().count(), 1);
}

/// An .xlsb whose workbook names a sheet its relationships do not list: calamine panicked
/// ("no entry found for key") and the file failed as an "internal error". It is a damaged
/// spreadsheet, said as such.
#[test]
fn a_workbook_naming_a_missing_sheet_is_a_damaged_spreadsheet() {
    let p = data("sheet-xlsb-missing-sheet.xlsb");
    let err = extract_file(&p, "f.xlsb", Kind::Spreadsheet, &Options::default())
        .expect_err("a damaged spreadsheet");
    assert!(err.to_string().starts_with("damaged spreadsheet"), "{err}");
    assert_eq!(err.to_string().lines().count(), 1);
}

/// A 427 KB .xls with a cell far past column IV: calamine asked for a 46 GB grid and the failed
/// allocation aborted the process (a whole ingest, or the desktop app, gone). It is a damaged
/// spreadsheet now, found before calamine lays the sheet out.
#[test]
fn a_spreadsheet_with_a_cell_past_the_last_column_fails_in_bounded_memory() {
    in_limited_memory("spreadsheet_with_a_far_column", 1024);
}

#[test]
#[ignore = "run by a_spreadsheet_with_a_cell_past_the_last_column_fails_in_bounded_memory, in a child with a memory limit"]
fn spreadsheet_with_a_far_column() {
    let p = data("sheet-xls-far-column.xls");
    let err = extract_file(&p, "f.xls", Kind::Spreadsheet, &Options::default())
        .expect_err("a damaged spreadsheet");
    assert!(err.to_string().starts_with("damaged spreadsheet"), "{err}");
}

/// An .xls whose Dimensions record declares a sheet of billions of cells: calamine reserved
/// room for them all (5,987 TB) and the failed allocation aborted the process.
#[test]
fn a_spreadsheet_declaring_an_impossible_sheet_fails_in_bounded_memory() {
    in_limited_memory("spreadsheet_with_huge_dimensions", 1024);
}

#[test]
#[ignore = "run by a_spreadsheet_declaring_an_impossible_sheet_fails_in_bounded_memory, in a child with a memory limit"]
fn spreadsheet_with_huge_dimensions() {
    let p = data("sheet-xls-huge-dimensions.xls");
    let err = extract_file(&p, "f.xls", Kind::Spreadsheet, &Options::default())
        .expect_err("a damaged spreadsheet");
    assert!(err.to_string().starts_with("damaged spreadsheet"), "{err}");
}

/// A mailbox whose subnode tree block declares so many entries that their size overflowed a
/// 16-bit product in the PST reader (vendor/outlook-pst): the reader panicked (a debug build;
/// a release build wrapped around and read on), and the item was "the mailbox reader crashed
/// on it". Now the block is damaged, and the item says why.
#[test]
fn a_mailbox_block_with_an_overflowing_entry_count_is_a_damaged_item() {
    let mailbox = extract::open_mailbox(&data("pst-entry-count-overflow.pst")).expect("opens");
    let mut items = 0;
    let mut failed = vec![];
    mailbox.walk(&mut |_| true, &mut |item| {
        items += 1;
        if let Err(f) = item.message {
            failed.push(f.to_string());
        }
        true
    });
    assert!(items > 0);
    assert!(failed.iter().all(|f| !f.contains("crashed")), "{failed:?}");
    assert!(
        failed
            .iter()
            .any(|f| f.starts_with("item could not be read")),
        "{failed:?}"
    );
}
