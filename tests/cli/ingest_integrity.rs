//! Issue 17, items 3–5: nothing lost, nothing doubled, nothing mixed. Each
//! bad input is reported with its file (and line), and every other article is
//! still counted once.

use predicates::prelude::*;

use crate::util::{Workdir, col};

/// The article ids of `output/articles.csv`, in order.
fn ids(w: &Workdir) -> Vec<String> {
    let rows = w.csv("output/articles.csv");
    rows[1..].iter().map(|r| r[col(&rows[0], "article_id")].clone()).collect()
}

/// The small fixture's three articles (tests/fixtures/small).
const SMALL: [&str; 3] = ["a1.txt", "a2.txt", "beta/b1.txt"];

// ---- item 3: walking the corpus folder ----

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_and_every_article_counted_once() {
    let w = Workdir::with("tests/fixtures/small");
    let beta = w.path().join("corpus/beta");
    std::os::unix::fs::symlink("..", beta.join("loop")).unwrap();
    std::os::unix::fs::symlink(".", beta.join("self")).unwrap();
    // before the fix the two links made 2^40 paths: a bound, not a hang
    w.command()
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "corpus/beta/loop: warning: symbolic link loop: 'beta/loop' leads back to the corpus folder",
        ))
        .stderr(predicate::str::contains(
            "corpus/beta/self: warning: symbolic link loop: 'beta/self' leads back to 'beta'",
        ));
    assert_eq!(ids(&w), SMALL);
}

#[cfg(unix)]
#[test]
fn a_folder_linked_twice_is_counted_once_and_outside_links_are_followed() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("outside/o1.txt", "Baku spoke.");
    let corpus = w.path().join("corpus");
    // a link to a folder of the corpus: its articles are already listed
    std::os::unix::fs::symlink(corpus.join("beta"), corpus.join("alias")).unwrap();
    // a link to a folder outside the corpus: followed
    std::os::unix::fs::symlink(w.path().join("outside"), corpus.join("gamma")).unwrap();
    w.command().assert().success().stderr(predicate::str::contains(
        "corpus/alias: warning: 'alias' is the folder 'beta', already listed",
    ));
    assert_eq!(ids(&w), ["a1.txt", "a2.txt", "beta/b1.txt", "gamma/o1.txt"]);
}

#[cfg(unix)]
#[test]
fn unreadable_folder_is_an_error_and_the_rest_runs() {
    use std::os::unix::fs::PermissionsExt;
    let w = Workdir::with("tests/fixtures/small");
    w.write("corpus/gamma/g1.txt", "Hidden from us.");
    let gamma = w.path().join("corpus/gamma");
    std::fs::set_permissions(&gamma, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&gamma).is_ok() {
        std::fs::set_permissions(&gamma, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: a chmod 000 folder is readable here (running as root?)");
        return;
    }
    let assert = w.command().assert();
    std::fs::set_permissions(&gamma, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert.code(1).stderr(predicate::str::contains("corpus/gamma: error: cannot read the folder"));
    assert_eq!(ids(&w), SMALL);
}

#[cfg(unix)]
#[test]
fn fifos_and_links_to_devices_are_skipped_never_opened() {
    let w = Workdir::with("tests/fixtures/small");
    let gamma = w.path().join("corpus/gamma");
    std::fs::create_dir_all(&gamma).unwrap();
    std::os::unix::fs::symlink("/dev/zero", gamma.join("zero.txt")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(gamma.join("pipe.txt")).status();
    let have_fifo = fifo.is_ok_and(|s| s.success());
    let assert = w.command().timeout(std::time::Duration::from_secs(60)).assert().success().stderr(
        predicate::str::contains(
            "corpus/gamma/zero.txt: warning: skipped: a device (through a symbolic link)",
        ),
    );
    if have_fifo {
        assert.stderr(predicate::str::contains(
            "corpus/gamma/pipe.txt: warning: skipped: a named pipe (FIFO)",
        ));
    } else {
        eprintln!("FIFO part skipped: mkfifo is not available");
    }
    assert_eq!(ids(&w), SMALL);
}

#[cfg(target_os = "linux")]
#[test]
fn file_name_that_is_not_utf8_is_read_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let w = Workdir::with("tests/fixtures/small");
    let gamma = w.path().join("corpus/gamma");
    std::fs::create_dir_all(&gamma).unwrap();
    // "café.txt" with é in Latin-1: not UTF-8
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.txt");
    std::fs::write(gamma.join(name), "Three words here.").unwrap();
    w.command().assert().success().stderr(predicate::str::contains(
        "warning: file name is not valid UTF-8; the article's id is 'gamma/caf\u{FFFD}.txt'",
    ));
    let rows = w.csv("output/articles.csv");
    let row = rows.iter().find(|r| r[0] == "gamma/caf\u{FFFD}.txt").expect("article listed");
    // Three words here → 3 tokens
    assert_eq!(row[col(&rows[0], "tokens")], "3");
}

#[test]
fn manifest_paths_outside_the_corpus_are_refused_and_dot_paths_are_one_article() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("secret.txt", "Outside the corpus.");
    w.write("corpus/beta/b2.txt", "Second beta.");
    let manifest = "file,outlet\n\
                    a1.txt,alpha\n\
                    ./a1.txt,alpha\n\
                    ../secret.txt,alpha\n\
                    /etc/hostname,alpha\n\
                    beta/../../secret.txt,alpha\n\
                    beta/./sub/../b2.txt,beta\n\
                    a2.txt,alpha\n";
    w.write("corpus/manifest.csv", manifest);
    w.command()
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "corpus/manifest.csv:3: error: file 'a1.txt' is listed twice",
        ))
        .stderr(predicate::str::contains(
            "corpus/manifest.csv:4: error: row skipped: file '../secret.txt' is outside the corpus folder",
        ))
        .stderr(predicate::str::contains(
            "corpus/manifest.csv:5: error: row skipped: file '/etc/hostname' is an absolute path",
        ))
        .stderr(predicate::str::contains(
            "corpus/manifest.csv:6: error: row skipped: file 'beta/../../secret.txt' is outside the corpus folder",
        ));
    assert_eq!(ids(&w), ["a1.txt", "a2.txt", "beta/b1.txt", "beta/b2.txt"]);
}

// ---- item 5: decoding ----

#[test]
fn utf8_with_one_bad_byte_stays_utf8_with_a_warning() {
    let w = Workdir::with("tests/fixtures/small");
    let mut bytes = "Пашинян встретился с Путиным.".as_bytes().to_vec();
    let offset = bytes.len(); // the bad byte's offset
    bytes.push(0xFF);
    bytes.extend_from_slice(" Пашинян уехал.".as_bytes());
    w.write("corpus/gamma/ru.txt", &bytes);
    w.command().assert().success().stderr(predicate::str::contains(format!(
        "gamma/ru.txt: warning: not valid UTF-8 at byte {offset} (1 invalid sequence in all, each replaced by U+FFFD)"
    )));
    // the Cyrillic name is still found: twice, in ru.txt (b1.txt has Пашинян once)
    let out = w.command().args(["kwic", "Пашинян"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("gamma/ru.txt").count(), 2, "{stdout}");
}

#[test]
fn utf16_without_bom_is_decoded_not_binary() {
    let w = Workdir::with("tests/fixtures/small");
    let bytes: Vec<u8> =
        "Pashinyan spoke in Yerevan today.".encode_utf16().flat_map(u16::to_le_bytes).collect();
    w.write("corpus/gamma/utf16.txt", bytes);
    w.command().assert().success().stderr(predicate::str::contains(
        "gamma/utf16.txt: warning: not valid UTF-8; decoded as UTF-16LE (no byte-order mark)",
    ));
    let rows = w.csv("output/articles.csv");
    let row = rows.iter().find(|r| r[0] == "gamma/utf16.txt").expect("decoded article listed");
    // Pashinyan spoke in Yerevan today → 5 tokens
    assert_eq!(row[col(&rows[0], "tokens")], "5");
}

#[test]
fn a_stray_nul_is_a_space_with_a_warning() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("corpus/gamma/nul.txt", b"Baku\0agreed today.\n");
    w.command()
        .assert()
        .success()
        .stderr(predicate::str::contains("gamma/nul.txt: warning: 1 NUL byte replaced by space"));
    let rows = w.csv("output/articles.csv");
    let row = rows.iter().find(|r| r[0] == "gamma/nul.txt").expect("article listed");
    // Baku agreed today → 3 tokens
    assert_eq!(row[col(&rows[0], "tokens")], "3");
}

#[test]
fn real_binaries_are_still_skipped() {
    let w = Workdir::with("tests/fixtures/small");
    w.write(
        "corpus/gamma/doc.txt",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\n",
    );
    w.write("corpus/gamma/zip.txt", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/");
    w.command()
        .assert()
        .success()
        .stderr(predicate::str::contains("gamma/doc.txt: warning: binary file skipped"))
        .stderr(predicate::str::contains("gamma/zip.txt: warning: binary file skipped"));
    assert_eq!(ids(&w), SMALL);
}

// ---- item 4: collections and manifests ----

/// The ids of a run over a collection file, and its stderr.
fn run_collection(w: &Workdir, file: &str, code: i32) -> (Vec<String>, String) {
    let out = w.command().args(["run", "--collection", file]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    (ids(w), stderr)
}

/// A collection written with LF line ends; the CRLF test writes the same
/// rows with CRLF. Lines: 1 header, 2 a row, 3 a short row, 4–5 a row with a
/// two-line cell, 6 a row.
const LINES: &str = "outlet,date,text\n\
                     bbc,2024-01-01,Russia left.\n\
                     bbc,2024-01-02\n\
                     tass,2024-01-03,\"Two\nlines.\"\n\
                     tass,2024-01-04,After.\n";

#[test]
fn crlf_collection_reports_the_real_lines_and_the_same_ids_as_lf() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("c.csv", LINES.replace('\n', "\r\n"));
    let (crlf_ids, stderr) = run_collection(&w, "c.csv", 1);
    assert!(
        stderr.contains("c.csv:3: error: row skipped: it has 2 fields where the header has 3"),
        "{stderr}"
    );
    // generated ids are name:LINE of each row's first line
    assert_eq!(crlf_ids, ["c.csv:2", "c.csv:4", "c.csv:6"]);
    let lf = Workdir::with("tests/fixtures/small");
    lf.write("c.csv", LINES);
    let (lf_ids, _) = run_collection(&lf, "c.csv", 1);
    assert_eq!(lf_ids, crlf_ids);
}

#[test]
fn crlf_manifest_reports_the_real_line() {
    let w = Workdir::with("tests/fixtures/small");
    // line 4 holds the bad date
    let manifest = "file,outlet,date\r\na1.txt,alpha,2024-04-18\r\na2.txt,alpha,2024-05\r\nbeta/b1.txt,beta,May 2024\r\n";
    w.write("corpus/manifest.csv", manifest);
    w.command().assert().code(1).stderr(predicate::str::contains(
        "corpus/manifest.csv:4: error: unparseable date 'May 2024'",
    ));
    assert_eq!(ids(&w), SMALL);
}

#[test]
fn unclosed_quote_at_the_end_of_a_collection_is_an_error_at_its_line() {
    let w = Workdir::with("tests/fixtures/small");
    w.write(
        "c.csv",
        "outlet,date,text\n\
         bbc,2024-01-01,Fine.\n\
         bbc,2024-01-02,\"Never closed\n\
         tass,2024-01-03,Lost row.\n",
    );
    let (ids, stderr) = run_collection(&w, "c.csv", 1);
    assert!(
        stderr.contains("c.csv:3: error: a quote opened on line 3 is never closed: the rest of the file (lines 3–4) was read as one cell"),
        "{stderr}"
    );
    assert_eq!(ids, ["c.csv:2"]);
}

#[test]
fn rows_merged_by_an_unclosed_quote_are_reported() {
    let w = Workdir::with("tests/fixtures/small");
    // the quote opened on line 2 is closed by the opening quote on line 4
    w.write(
        "c.csv",
        "outlet,date,text\n\
         bbc,2024-01-01,\"Broken quote\n\
         tass,2024-01-02,Swallowed.\n\
         tass,2024-01-03,\"Quoted text\"\n\
         bbc,2024-01-04,After.\n",
    );
    let (ids, stderr) = run_collection(&w, "c.csv", 1);
    assert!(
        stderr.contains(
            "c.csv:2: error: a quote opened on line 2 closes only on line 4, followed by text"
        ),
        "{stderr}"
    );
    assert_eq!(ids, ["c.csv:2", "c.csv:5"]);
}

#[test]
fn jsonl_with_a_byte_order_mark_keeps_line_1() {
    let w = Workdir::with("tests/fixtures/small");
    w.write(
        "c.jsonl",
        "\u{feff}{\"text\": \"Baku agreed.\", \"outlet\": \"apa\"}\n\
         {\"text\": \"Yerevan objected.\", \"outlet\": \"armenpress\"}\n",
    );
    let (ids, stderr) = run_collection(&w, "c.jsonl", 0);
    assert_eq!(ids, ["c.jsonl:1", "c.jsonl:2"], "{stderr}");
}

#[test]
fn csv_collection_with_a_byte_order_mark_and_crlf() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("c.csv", "\u{feff}outlet,text\r\nbbc,Russia left.\r\nbbc,Baku stayed.\r\n");
    let (ids, _) = run_collection(&w, "c.csv", 0);
    assert_eq!(ids, ["c.csv:2", "c.csv:3"]);
}

#[test]
fn semicolon_manifest_from_excel_is_read() {
    let w = Workdir::with("tests/fixtures/small");
    w.write(
        "corpus/manifest.csv",
        "\u{feff}file;outlet;date;title\r\na1.txt;alpha;2024-04-18;Premier, article\r\na2.txt;alpha;2024-05;\r\n",
    );
    w.command().assert().success();
    let rows = w.csv("output/articles.csv");
    let h = &rows[0];
    let a1 = rows.iter().find(|r| r[0] == "a1.txt").expect("a1 listed");
    assert_eq!(a1[col(h, "outlet")], "alpha");
    assert_eq!(a1[col(h, "date")], "2024-04-18");
    assert_eq!(a1[col(h, "title")], "Premier, article");
    assert_eq!(ids(&w), SMALL);
}

#[test]
fn semicolon_collection_is_read() {
    let w = Workdir::with("tests/fixtures/small");
    w.write("c.csv", "outlet;date;text\nbbc;2024-01-01;Russia left, Baku stayed.\n");
    let (ids, _) = run_collection(&w, "c.csv", 0);
    assert_eq!(ids, ["c.csv:2"]);
}
