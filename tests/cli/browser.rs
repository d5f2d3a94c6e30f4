//! The report as a person sees it (issue 21): the shipped corpus's
//! `report.html` drawn by headless Chromium (Debian's `chromium`), its
//! screenshot checked not to be blank and to show the outlets' colours, and
//! the DOM Chromium built checked to hold every section and one bar per
//! outlet × frame.
//!
//! Without Chromium the test is skipped and says so on stderr; with
//! `FRAMELENS_REQUIRE_CHROMIUM=1` (as `.ci/run` sets it) a missing Chromium
//! fails it. `FRAMELENS_CHROMIUM` names another browser binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::Html;

use crate::report::{COLOURS, SECTIONS, sel, share_bars, shipped};
use crate::util::Workdir;

/// Chromium, or why there is none (then the test fails only when
/// `FRAMELENS_REQUIRE_CHROMIUM=1`).
fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("FRAMELENS_CHROMIUM").map(PathBuf::from);
    let candidates =
        named.into_iter().chain(["chromium", "chromium-browser"].into_iter().filter_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file())
            })
        }));
    for c in candidates {
        if c.is_file() {
            return Some(c);
        }
    }
    let why = "no Chromium found (FRAMELENS_CHROMIUM, chromium or chromium-browser on PATH)";
    if std::env::var("FRAMELENS_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1") {
        panic!("{why}, and FRAMELENS_REQUIRE_CHROMIUM=1: install it (apt-get install chromium)");
    }
    // written to the real stderr, past the test harness's capture, so a
    // plain `cargo test` shows that this test did not look at anything
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED report_in_chromium: {why}; install it (apt-get install chromium) or set FRAMELENS_REQUIRE_CHROMIUM=1 to make this a failure"
    );
    None
}

/// Runs Chromium headless on `page` with `args`, at most two minutes;
/// returns its stdout.
fn headless(browser: &Path, profile: &Path, page: &Path, args: &[&str]) -> Vec<u8> {
    let mut child = Command::new(browser)
        .args(["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars"])
        .arg("--no-first-run")
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).unwrap();
        buf
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "Chromium {args:?}: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("Chromium {args:?} took more than two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

#[test]
fn report_in_chromium() {
    let Some(browser) = chromium() else { return };
    let w: Workdir = shipped(&[]);
    let page = w.path().join("output/report.html").canonicalize().unwrap();
    let profile = w.path().join("chromium-profile");

    // what it looks like: a screenshot of the top 1200 × 3000 pixels
    let shot = w.path().join("shot.png");
    headless(
        &browser,
        &profile,
        &page,
        &["--window-size=1200,3000", &format!("--screenshot={}", shot.display())],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1200, 3000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels: Vec<[u8; 3]> =
        buf[..info.buffer_size()].chunks(channels).map(|p| [p[0], p[1], p[2]]).collect();
    let not_white = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    let distinct: std::collections::BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    // text and charts, not a blank or an error page: well over 3% of the
    // pixels inked, in many colours
    assert!(not_white * 100 > pixels.len() * 3, "{not_white} of {} pixels not white", pixels.len());
    assert!(distinct.len() > 100, "{} colours", distinct.len());
    // the bars are drawn: the first two outlets' colours fill many pixels
    for hex in &COLOURS[..2] {
        let rgb: Vec<u8> =
            (0..3).map(|i| u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()).collect();
        let n = pixels.iter().filter(|p| p[..] == rgb[..]).count();
        assert!(n > 1000, "{hex}: {n} pixels");
    }

    // what Chromium built: every section, one bar per outlet × frame
    let dom = headless(&browser, &profile, &page, &["--dump-dom"]);
    let dom = Html::parse_document(&String::from_utf8(dom).unwrap());
    for id in SECTIONS {
        assert_eq!(dom.select(&sel(&format!("section#{id}"))).count(), 1, "{id}");
    }
    let rows = w.csv("output/outlet_frames.csv").len() - 1;
    assert_eq!(share_bars(&dom).len(), rows, "one bar per row of outlet_frames.csv");
    assert_eq!(dom.select(&sel("#chart-per-1k svg")).count(), 1);
}
