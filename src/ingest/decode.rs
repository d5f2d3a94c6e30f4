//! Bytes to text: UTF-8, else the detected encoding, with a warning (SPEC §9).

use encoding_rs::Encoding;

/// The result of decoding a file's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Valid UTF-8 (a UTF-8 byte-order mark is dropped).
    Utf8(String),
    /// Text in another encoding, decoded; the encoding's name is reported.
    Reencoded {
        /// The decoded text.
        text: String,
        /// The encoding it was read as, e.g. `windows-1252`, `UTF-16LE`.
        encoding: &'static str,
    },
    /// Text that needed mending: UTF-8 with a few invalid bytes (each
    /// invalid sequence is now U+FFFD), or text with NUL bytes (each is now a
    /// space, so that offsets into the text do not move). `notes` say what
    /// was done, for a warning.
    Repaired {
        /// The decoded, mended text.
        text: String,
        /// The encoding it was read as (`UTF-8`, `windows-1252`, …).
        encoding: &'static str,
        /// What was mended, one sentence each.
        notes: Vec<String>,
    },
    /// Not text: a known binary header (PDF, ZIP, PNG, …), many NUL bytes or
    /// many control characters.
    Binary,
}

/// Decodes a file's bytes, in this order:
///
/// 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
/// 2. UTF-16 without a byte-order mark is recognised by its NUL bytes (ASCII
///    in UTF-16 is also valid UTF-8, so this comes first): in the first
///    4 KiB, at least 30% of the odd bytes (LE) or of the even bytes (BE)
///    are NUL and at most 5% of the others, and the whole decodes without
///    error to text with few control characters;
/// 3. valid UTF-8 is UTF-8;
/// 4. a binary file is refused ([`looks_binary`]);
/// 5. **UTF-8 with a few bad bytes stays UTF-8**: when the file has valid
///    multi-byte UTF-8 characters and at least ten of them for each invalid
///    sequence, it is decoded as UTF-8 with each invalid sequence replaced
///    by U+FFFD (`String::from_utf8_lossy`), and the note names the first
///    bad byte's offset and the count. A legacy file (Windows-1252,
///    KOI8-R, …) almost never holds valid multi-byte sequences, let alone
///    ten for each stray byte;
/// 6. otherwise the encoding that `chardetng` detects (Windows-1252,
///    ISO-8859-x, KOI8-R, …).
///
/// NUL bytes that remain in text (a stray NUL or a few) become spaces, so
/// no NUL reaches a table and byte offsets into the text stay as they were;
/// the note gives their count.
///
/// # Examples
/// ```
/// use framelens::ingest::decode::{decode, Decoded};
/// assert_eq!(decode("Baku".as_bytes()), Decoded::Utf8("Baku".into()));
/// let cp1252 = b"Erdo\xF0an\x92s";
/// assert!(matches!(decode(cp1252), Decoded::Reencoded { .. }));
/// ```
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut notes = Vec::new();
    let (text, encoding) = match decode_text(bytes, &mut notes) {
        Some(t) => t,
        None => return Decoded::Binary,
    };
    let (text, nuls) = replace_nuls(text);
    if nuls > 0 {
        notes.push(format!("{nuls} NUL byte{} replaced by space{}", plural(nuls), plural(nuls)));
    }
    match (encoding, notes.is_empty()) {
        (None, true) => Decoded::Utf8(text),
        (Some(encoding), true) => Decoded::Reencoded { text, encoding },
        (encoding, false) => {
            Decoded::Repaired { text, encoding: encoding.unwrap_or("UTF-8"), notes }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The text and, when it is not plain UTF-8, its encoding; `None` for binary.
fn decode_text(bytes: &[u8], notes: &mut Vec<String>) -> Option<(String, Option<&'static str>)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == encoding_rs::UTF_8 {
            if let Ok(s) = std::str::from_utf8(body) {
                return Some((s.to_string(), None));
            }
            if let Some(text) = mostly_utf8(body, bom_len, notes) {
                return Some((text, None));
            }
        } else {
            let (text, _) = encoding.decode_without_bom_handling(body);
            return Some((text.into_owned(), Some(encoding.name())));
        }
    }
    if !MAGIC.iter().any(|m| bytes.starts_with(m))
        && let Some(encoding) = utf16_without_bom(bytes)
        && let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes)
        && !looks_binary_text(&text)
    {
        notes.push(format!("not valid UTF-8; decoded as {} (no byte-order mark)", encoding.name()));
        return Some((text.into_owned(), Some(encoding.name())));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if looks_binary(s.as_bytes()) {
            return None;
        }
        return Some((s.to_string(), None));
    }
    if looks_binary(bytes) {
        return None;
    }
    if let Some(text) = mostly_utf8(bytes, 0, notes) {
        return Some((text, None));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = encoding.decode(bytes);
    Some((text.into_owned(), Some(encoding.name())))
}

/// UTF-8 with a few invalid sequences (at least ten valid multi-byte
/// characters for each), decoded with U+FFFD for each; `start` is the offset
/// of `bytes` in the file, for the note.
fn mostly_utf8(bytes: &[u8], start: usize, notes: &mut Vec<String>) -> Option<String> {
    let (mut multibyte, mut invalid, mut first, mut at) = (0usize, 0usize, None, start);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += 1;
            first.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    if invalid == 0 || multibyte < 10 * invalid {
        return None;
    }
    notes.push(format!(
        "not valid UTF-8 at byte {} ({invalid} invalid sequence{} in all, each replaced by U+FFFD); the rest is UTF-8",
        first.unwrap_or(start),
        plural(invalid)
    ));
    Some(String::from_utf8_lossy(bytes).into_owned())
}

/// UTF-16 without a byte-order mark: mostly-ASCII UTF-16 has a NUL in every
/// other byte. Looks at the first 4 KiB.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let (many, few) = (pairs * 3 / 10, pairs / 20);
    if odd >= many.max(1) && even <= few {
        Some(encoding_rs::UTF_16LE)
    } else if even >= many.max(1) && odd <= few {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// NUL characters made spaces (one byte each, so offsets stay), and their count.
fn replace_nuls(text: String) -> (String, usize) {
    let n = memchr::memchr_iter(0, text.as_bytes()).count();
    if n == 0 {
        return (text, 0);
    }
    (text.replace('\0', " "), n)
}

/// Headers of common binary formats: PDF, ZIP (and .docx, .xlsx, .epub),
/// PNG, JPEG, GIF, gzip, bzip2, xz, 7z, OLE (.doc, .xls), ELF.
const MAGIC: &[&[u8]] = &[
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF",
    b"GIF87a",
    b"GIF89a",
    b"\x1F\x8B",
    b"BZh",
    b"\xFD7zXZ\x00",
    b"7z\xBC\xAF\x27\x1C",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"\x7FELF",
];

/// Binary: a known binary header; or, in the first 8 KiB, NUL bytes that
/// are more than 1% of it (and more than 4 of them); or more than 10%
/// control characters other than whitespace and NUL. A stray NUL or
/// a few in a text do not make it binary.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nuls = memchr::memchr_iter(0, head).count();
    if nuls > 4 && nuls * 100 > head.len() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

/// [`looks_binary`] for decoded text (UTF-16): many control characters.
fn looks_binary_text(text: &str) -> bool {
    let head: Vec<char> = text.chars().take(4096).collect();
    let controls = head
        .iter()
        .filter(|&&c| c.is_control() && !matches!(c, '\0' | '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    !head.is_empty() && controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFBaku"), Decoded::Utf8("Baku".into()));
        assert_eq!(decode("Ереван".as_bytes()), Decoded::Utf8("Ереван".into()));
        assert_eq!(decode(b""), Decoded::Utf8(String::new()));
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Russia’s “occupation”" in Windows-1252
        let bytes = b"Russia\x92s \x93occupation\x94 of the region was discussed at length.";
        match decode(bytes) {
            Decoded::Reencoded { text, encoding } => {
                assert_eq!(encoding, "windows-1252");
                assert_eq!(text, "Russia’s “occupation” of the region was discussed at length.");
            }
            other => panic!("expected re-encoded text, got {other:?}"),
        }
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Karabakh".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bytes),
            Decoded::Reencoded { text: "Karabakh".into(), encoding: "UTF-16LE" }
        );
    }

    /// Issue 17 item 5: one bad byte in a Cyrillic UTF-8 text no longer
    /// turns the whole text into Windows-1252 mojibake.
    #[test]
    fn utf8_with_one_bad_byte_stays_utf8() {
        let mut bytes = "Пашинян встретился с Путиным.".as_bytes().to_vec();
        let at = bytes.len();
        bytes.push(0xFF);
        bytes.extend_from_slice(" Ереван.".as_bytes());
        match decode(&bytes) {
            Decoded::Repaired { text, encoding, notes } => {
                assert_eq!(text, "Пашинян встретился с Путиным.\u{FFFD} Ереван.");
                assert_eq!(encoding, "UTF-8");
                assert_eq!(
                    notes,
                    [format!(
                        "not valid UTF-8 at byte {at} (1 invalid sequence in all, each replaced by U+FFFD); the rest is UTF-8"
                    )]
                );
            }
            other => panic!("expected repaired UTF-8, got {other:?}"),
        }
        // Windows-1252 with no valid multi-byte sequence is still detected
        assert!(matches!(
            decode(b"caf\xE9 cr\xE8me br\xFBl\xE9e, na\xEFve fa\xE7ade"),
            Decoded::Reencoded { encoding: "windows-1252", .. }
        ));
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let text = "Pashinyan spoke in Yerevan today.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            match decode(&bytes) {
                Decoded::Repaired { text: t, encoding, notes } => {
                    assert_eq!(t, text);
                    assert_eq!(encoding, name);
                    assert_eq!(
                        notes,
                        [format!("not valid UTF-8; decoded as {name} (no byte-order mark)")]
                    );
                }
                other => panic!("{name}: got {other:?}"),
            }
        }
    }

    #[test]
    fn a_few_nuls_are_spaces_not_binary() {
        match decode(b"Baku\0agreed.\0") {
            Decoded::Repaired { text, encoding, notes } => {
                assert_eq!(text, "Baku agreed. ");
                assert_eq!(encoding, "UTF-8");
                assert_eq!(notes, ["2 NUL bytes replaced by spaces"]);
            }
            other => panic!("got {other:?}"),
        }
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(decode(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), Decoded::Binary);
        assert_eq!(decode(b"PK\x03\x04\x14\0\x06\0word/document.xml"), Decoded::Binary);
        let mut many_nuls = b"text ".repeat(20);
        many_nuls.extend_from_slice(&[0; 8]);
        assert_eq!(decode(&many_nuls), Decoded::Binary);
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Decoded::Binary);
        assert_eq!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, b'a']), Decoded::Binary);
    }
}
